import en from '../locales/en.json';
import es from '../locales/es.json';
import ko from '../locales/ko.json';
import vi from '../locales/vi.json';
import type { Locale } from '@mailbridge/contract';

/** Every key of the page's strings; en.json is the reference. */
export type MessageKey = keyof typeof en;

/** Typed so that a key missing from a language fails the typecheck (locales.test.ts also checks extra keys). */
const spanish: Record<MessageKey, string> = es;
const vietnamese: Record<MessageKey, string> = vi;
const korean: Record<MessageKey, string> = ko;

export const pageMessages: Record<Locale, Record<MessageKey, string>> = { en, es: spanish, vi: vietnamese, ko: korean };
