// The local prefix set: decoding the server's base64, binary search, diffs applied as sets and
// checked against the server's sha256, storage round trips, and hostile input refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { PrefixSet, PrefixSetError, decodePrefixes, mergeDiff } from '../../extension/lib/prefixset.js';

/** What the server sends for a set of prefixes (backend/lookups.py encode and full_body). */
function bytesOf(values) {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const buffer = Buffer.alloc(sorted.length * 4);
  sorted.forEach((value, index) => buffer.writeUInt32BE(value, index * 4));
  return buffer;
}
const b64 = (values) => bytesOf(values).toString('base64');
const sha = (values) => createHash('sha256').update(bytesOf(values)).digest('hex');
const full = (values, version = 7) => ({ version, prefix_bytes: 4, count: new Set(values).size,
  prefixes: b64(values), sha256: sha(values) });
const diff = (since, version, added, removed, after) => ({ version, since, prefix_bytes: 4,
  count: after.length, added: b64(added), removed: b64(removed), sha256: sha(after) });

const VALUES = [0, 1, 0x1a2b3c4d, 0x7fffffff, 0x80000000, 0xdeadbeef, 0xffffffff];

test('the server\'s base64 decodes to the sorted big-endian prefixes', () => {
  assert.deepEqual([...decodePrefixes(b64(VALUES))], VALUES);
  // Bytes 1a 2b 3c 4d are the number 0x1a2b3c4d, not its little-endian reading.
  assert.deepEqual([...decodePrefixes(Buffer.from([0x1a, 0x2b, 0x3c, 0x4d]).toString('base64'))], [0x1a2b3c4d]);
  assert.deepEqual([...decodePrefixes('')], []);
});

test('has() finds every member and nothing next to one, at both ends of the range', async () => {
  const set = await PrefixSet.fromFull(full(VALUES));
  assert.equal(set.count, VALUES.length);
  for (const value of VALUES) assert.ok(set.has(value), value.toString(16));
  for (const value of [2, 0x1a2b3c4c, 0x1a2b3c4e, 0x7ffffffe, 0x80000001, 0xfffffffe]) {
    assert.ok(!set.has(value), value.toString(16));
  }
  const empty = await PrefixSet.fromFull(full([]));
  assert.ok(!empty.has(0) && !empty.has(0xffffffff));
});

test('a diff is applied as sets: (old - removed) | added, checked against the new sha256', async () => {
  const old = await PrefixSet.fromFull(full([10, 20, 30, 40], 7));
  // 20 is "added" though the client has it (another key with that prefix went since V);
  // 99 is "removed" though the client never had it (a key added and removed since V).
  const after = [10, 20, 25, 40, 50];
  const next = await old.applyDiff(diff(7, 9, [20, 25, 50], [30, 99], after));
  assert.deepEqual([...next.prefixes], after);
  assert.equal(next.version, 9);
  assert.equal(next.sha256, sha(after));
  assert.deepEqual([...old.prefixes], [10, 20, 30, 40], 'the old set is left as it was');
});

test('a prefix both removed and added stays (added wins), and repeats collapse', () => {
  const merged = mergeDiff(Uint32Array.from([1, 2, 3]), Uint32Array.from([2, 3, 4]), Uint32Array.from([2, 3]));
  assert.deepEqual([...merged], [1, 2, 3, 4]);
});

test('a diff that does not give the server\'s set is refused (the caller downloads it whole)', async () => {
  const old = await PrefixSet.fromFull(full([10, 20, 30], 7));
  const wrong = diff(7, 8, [15], [], [10, 15, 20, 30, 31]);
  await assert.rejects(old.applyDiff(wrong), PrefixSetError);
  // A diff from another version than ours is refused before anything is applied.
  await assert.rejects(old.applyDiff(diff(6, 8, [15], [], [10, 15, 20, 30])), PrefixSetError);
});

test('a full set that does not match its sha256, or is malformed, is refused', async () => {
  const bad = [
    { ...full(VALUES), sha256: sha([1, 2, 3]) },
    { ...full(VALUES), sha256: 'not hex' },
    { ...full(VALUES), prefix_bytes: 8 },
    { ...full(VALUES), prefixes: 'AAAA' }, // 3 bytes
    { ...full(VALUES), prefixes: '!!!!!!!!' },
    { ...full(VALUES), prefixes: 12345 },
    { ...full(VALUES), version: -1 },
    { ...full(VALUES), version: '7' },
    null,
    'prefixes',
  ];
  for (const body of bad) await assert.rejects(PrefixSet.fromFull(body), PrefixSetError, JSON.stringify(body));
});

test('an unsorted or repeating set is read sorted, and its checksum must be of the sorted bytes', async () => {
  const shuffled = Buffer.alloc(12);
  [30, 10, 30].forEach((value, index) => shuffled.writeUInt32BE(value, index * 4));
  assert.deepEqual([...decodePrefixes(shuffled.toString('base64'))], [10, 30]);
  const hostile = { version: 1, prefix_bytes: 4, prefixes: shuffled.toString('base64'),
    sha256: createHash('sha256').update(shuffled).digest('hex') };
  await assert.rejects(PrefixSet.fromFull(hostile), PrefixSetError);
  const honest = { ...hostile, sha256: sha([10, 30]) };
  assert.deepEqual([...(await PrefixSet.fromFull(honest)).prefixes], [10, 30]);
});

test('the set survives storage as JSON, and a damaged stored copy is refused', async () => {
  const set = await PrefixSet.fromFull(full(VALUES, 12));
  const stored = JSON.parse(JSON.stringify(set.toJSON()));
  assert.equal(stored.prefixes, b64(VALUES), 'stored as the server sends it');
  const back = await PrefixSet.fromJSON(stored);
  assert.deepEqual([...back.prefixes], VALUES);
  assert.equal(back.version, 12);
  const damaged = { ...stored, prefixes: b64([...VALUES.slice(1), 5]) };
  await assert.rejects(PrefixSet.fromJSON(damaged), PrefixSetError);
  await assert.rejects(PrefixSet.fromJSON(undefined), PrefixSetError);
});

test('a large random set agrees with a JavaScript Set on members and strangers', async () => {
  const values = new Set();
  let seed = 42;
  const next = () => { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return seed; };
  while (values.size < 20000) values.add(next());
  const members = [...values];
  const set = await PrefixSet.fromFull(full(members));
  for (let index = 0; index < 20000; index += 1) {
    const probe = index % 2 ? members[index] : next();
    assert.equal(set.has(probe), values.has(probe));
  }
});
