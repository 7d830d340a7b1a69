// The pipe model's words: plurals, strict reading of what a reader types (a mistake is said,
// never clamped), and sentences that say what happened and why.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runModel, type ModelFacts, type ModelInput } from '../../../src/explain/pipe-model.ts';
import {
  count,
  frameSentence,
  headline,
  outcomeSentence,
  readWhole,
  slotText,
} from '../../../src/explain/pipe-words.ts';

test('count: one byte, two bytes, thousands grouped', () => {
  assert.equal(count(1, 'byte'), '1 byte');
  assert.equal(count(0, 'byte'), '0 bytes');
  assert.equal(count(65536, 'byte'), '65,536 bytes');
  assert.equal(count(2, 'message is', 'messages are'), '2 messages are');
});

test('readWhole: bad input is a visible message, never a silent clamp', () => {
  assert.deepEqual(readWhole(' 1,000 ', 'characters', 0, 5000), { value: 1000 });
  assert.deepEqual(readWhole('0', 'characters', 0, 5000), { value: 0 });
  assert.match(readWhole('-5', 'characters', 0, 5000).error!, /cannot be negative/);
  assert.match(readWhole('abc', 'characters', 0, 5000).error!, /“abc” is not a whole number of characters/);
  assert.match(readWhole('1.5', 'characters', 0, 5000).error!, /not a whole number/);
  assert.match(readWhole('1e3', 'characters', 0, 5000).error!, /not a whole number/);
  assert.match(readWhole('', 'characters', 0, 5000).error!, /Type how many characters/);
  assert.match(readWhole('5001', 'characters', 0, 5000).error!, /At most 5,000 characters/);
  assert.match(readWhole('0', 'put() calls', 1, 10).error!, /At least 1/);
});

// A made-up pipe of four slots of 100 bytes, for the words alone (the model is checked against
// measurements in pipe-model.test.ts).
const facts: ModelFacts = {
  page: 100,
  pipe: 400,
  pipeSizes: [400, 800],
  threshold: 50,
  header: 4,
  kinds: [{ id: 'str', perItem: 1, anchors: [{ items: 300, payload: 310 }] }],
};
const input: ModelInput = { kind: 'str', items: 300, messages: 1, pipe: 400, getFirst: false, cancel: false };

test('a message that does not fit: it hangs, and the sentence says who waits for whom', () => {
  const state = runModel(facts, { ...input, items: 500 });
  assert.equal(headline(state), 'Hangs');
  assert.match(frameSentence(state, 4), /^A str of 500 characters\. Its frame is about 514 bytes \(estimated/);
  assert.match(frameSentence(state, 4), /writes the 4-byte length alone, then the payload\.$/);
  assert.match(outcomeSentence(state), /The feeder is blocked writing message 1: \d+ bytes of it wait for room\./);
  assert.match(outcomeSentence(state), /Nobody reads: it hangs\.$/);
  // Slots used against the pipe's slots, each number said once with its noun.
  assert.match(outcomeSentence(state), /^The pipe holds 314 bytes in 4 of its 4 slots\./);
});

test('one message that fits, and more with cancel_join_thread(): "the message", "loses 2 messages"', () => {
  const fits = runModel(facts, input);
  assert.equal(headline(fits), 'Exits');
  assert.match(frameSentence(fits, 4), /Its frame is 314 bytes:/);
  assert.match(outcomeSentence(fits), /; the message waits in the pipe for a get\(\)\.$/);
  const lost = runModel(facts, { ...input, items: 150, messages: 4, cancel: true });
  assert.equal(headline(lost), 'Exits, and loses 2 messages');
  assert.match(outcomeSentence(lost), /2 whole messages reach the parent and 2 messages are lost/);
  const one = runModel(facts, { ...input, items: 150, messages: 2, cancel: true, pipe: 300 });
  assert.match(outcomeSentence(one), /1 whole message reaches the parent and 1 message is lost/);
});

test('slotText: what each slot holds, in words', () => {
  const state = runModel(facts, { ...input, items: 40, messages: 2 });
  assert.equal(slotText(state.slots[0], 0), "slot 1: 54 bytes of message 1's frame");
  assert.equal(slotText(state.slots[1], 1), "slot 2: 54 bytes of message 2's frame");
  assert.equal(slotText(undefined, 3), 'slot 4: empty');
});

test('a list is named once: "A list of 50 ints", never "a list of ints of 50 ints"', () => {
  const ints: ModelFacts = { ...facts, kinds: [{ id: 'int', perItem: 2, anchors: [{ items: 10, payload: 40 }] }] };
  const state = runModel(ints, { ...input, kind: 'int', items: 50 });
  assert.match(frameSentence(state, 4), /^A list of 50 ints\. /);
});
