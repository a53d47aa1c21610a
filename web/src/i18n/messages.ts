import en from '../locales/en.json';
import es from '../locales/es.json';
import type { Locale } from '@mailbridge/contract';

/** Every key of the page's strings; en.json is the reference. */
export type MessageKey = keyof typeof en;

/** Typed so that a key missing from es.json fails the typecheck. */
const spanish: Record<MessageKey, string> = es;

export const pageMessages: Record<Locale, Record<MessageKey, string>> = { en, es: spanish };
