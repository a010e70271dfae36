import { describe, expect, it } from 'vitest';
import { handlesOf, mentionHandles, resolveMentions } from './mentions.ts';

const staff = [
  { id: 'a', name: 'Anna Agent', email: 'anna@amends.demo' },
  { id: 'b', name: 'Bob Second', email: 'bob.s@amends.demo' },
  { id: 'c', name: 'Anna Berg', email: 'aberg@amends.demo' },
  { id: 'd', name: 'Ēriks Ozols', email: 'eriks@amends.demo' },
];

describe('mentions in internal notes', () => {
  it('reads @handles, not email addresses, and drops a sentence’s trailing dot', () => {
    expect(mentionHandles('Ask @Bob. Mail x@example.com, then @anna.agent and @Ēriks!')).toEqual(['bob', 'anna.agent', 'ēriks']);
  });
  it('names a person by first name, full name or email local part', () => {
    expect(handlesOf(staff[1]!)).toEqual(['bob', 'bob.second', 'bobsecond', 'bob.s']);
    expect(resolveMentions('@bob.s and @ēriks', staff)).toEqual(['b', 'd']);
  });
  it('names nobody when a handle fits two people', () => {
    expect(resolveMentions('@anna please', staff)).toEqual([]);
    expect(resolveMentions('@anna.agent please', staff)).toEqual(['a']);
  });
});
