import { describe, expect, it } from 'vitest';
import { baseSubject, forwardSubject, replySubject } from './subject-prefixes.js';

describe('replySubject', () => {
  it.each([
    ['Lunch', 'Re: Lunch'],
    ['Re: Lunch', 'Re: Lunch'],
    ['RE: Lunch', 'Re: Lunch'],
    ['Re: Re: RE: Lunch', 'Re: Lunch'],
    ['AW: Lunch', 'Re: Lunch'],
    ['SV: Lunch', 'Re: Lunch'],
    ['Réf. : Lunch', 'Re: Lunch'],
    ['回复：午餐', 'Re: 午餐'],
    ['答复: 午餐', 'Re: 午餐'],
    ['답장: 점심', 'Re: 점심'],
    ['Re[2]: Lunch', 'Re: Lunch'],
    ['RE (3): Lunch', 'Re: Lunch'],
    ['Re : Lunch', 'Re: Lunch'],
    ['Fwd: Lunch', 'Re: Fwd: Lunch'],
    ['Re: Fwd: Re: Lunch', 'Re: Fwd: Re: Lunch'],
    ['', 'Re:'],
    ['Re:', 'Re:'],
    ['Regarding: Lunch', 'Re: Regarding: Lunch'],
    ['Ready: yes', 'Re: Ready: yes'],
    ['Area 51', 'Re: Area 51'],
  ])('%j → %j', (subject, reply) => expect(replySubject(subject)).toBe(reply));
});

describe('forwardSubject', () => {
  it.each([
    ['Lunch', 'Fwd: Lunch'],
    ['Fwd: Lunch', 'Fwd: Lunch'],
    ['FW: Lunch', 'Fwd: Lunch'],
    ['TR: Lunch', 'Fwd: Lunch'],
    ['WG: Lunch', 'Fwd: Lunch'],
    ['RV: Lunch', 'Fwd: Lunch'],
    ['转发: 午餐', 'Fwd: 午餐'],
    ['Re: Lunch', 'Fwd: Re: Lunch'],
    ['', 'Fwd:'],
  ])('%j → %j', (subject, forward) => expect(forwardSubject(subject)).toBe(forward));
});

describe('baseSubject', () => {
  it('drops every leading reply and forward prefix', () => {
    expect(baseSubject('Re: FW: AW: WG:  Lunch ')).toBe('Lunch');
    expect(baseSubject('Lunch: Friday')).toBe('Lunch: Friday');
  });

  it('stays fast and bounded on a hostile subject', () => {
    const hostile = 'Re: '.repeat(10_000) + 'x';
    const started = performance.now();
    expect(baseSubject(hostile).startsWith('Re:')).toBe(true);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('hostile subjects', () => {
  it('reads a subject of spaces in linear time, and cuts what is past a line', () => {
    const started = performance.now();
    expect(replySubject(`re${' '.repeat(40_000)}x`)).toBe(`Re: re${' '.repeat(996)}`.trimEnd());
    expect(forwardSubject(`Fwd${' '.repeat(40_000)}:x`)).toBe('Fwd: Fwd');
    expect(performance.now() - started).toBeLessThan(200);
  });
});
