#!/usr/bin/env node
// The extension's local prefix set at scale (issue 10's goals: a lookup over 1 M prefixes
// in < 0.1 ms, the set for 1 M keys in <= 5 MB of memory).
//
//   node bench/bench_extension_prefixes.mjs [--count 1000000] [--lookups 200000] [--rounds 7]
//
// Builds --count random 4-byte prefixes as the server sends them (sorted, base64, sha256),
// then, alternating round by round: PrefixSet.has() against a JavaScript Set of the same
// numbers (the baseline), half members and half strangers; keyHash() + has(), the whole
// local check of one key; decoding the full set (with its checksum) against Node's native
// base64 decoding of the same text; applying a 1 k diff (merge + checksum) against the
// checksum alone; and storing the set (toJSON). Prints medians and ratios, and memory: the
// typed array's bytes and the process's heap and ArrayBuffer growth when the set is built.
import { createHash, webcrypto } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PrefixSet, decodePrefixes, prefixBytes } from '../extension/lib/prefixset.js';
import { keyHash } from '../extension/lib/keys.js';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, index, all) =>
  (arg.startsWith('--') ? [...pairs, [arg.slice(2), Number(all[index + 1])]] : pairs), []));
const COUNT = args.count || 1_000_000;
const LOOKUPS = args.lookups || 200_000;
const ROUNDS = args.rounds || 7;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ns = () => process.hrtime.bigint();

function randomPrefixes(count) {
  const values = new Uint32Array(count);
  for (let at = 0; at < count; at += 16384) webcrypto.getRandomValues(values.subarray(at, at + 16384));
  return values;
}

function serverBody(values, version) {
  const sorted = Uint32Array.from(new Set(values)).sort();
  const bytes = Buffer.from(prefixBytes(sorted));
  return { version, prefix_bytes: 4, count: sorted.length, prefixes: bytes.toString('base64'),
    sha256: createHash('sha256').update(bytes).digest('hex'), sorted };
}

// The server's full set; the memory of holding it is measured around decoding it.
const body = serverBody(randomPrefixes(COUNT), 1);
const settle = async () => {
  // Buffers are freed a collection or two after they become garbage.
  for (let pass = 0; pass < 4; pass += 1) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
};
await settle();
const before = process.memoryUsage();
let set = await PrefixSet.fromFull(body);
await settle();
const after = process.memoryUsage();
const members = body.sorted;
const baseline = new Set(members);

// Probes: half members, half random numbers (nearly all strangers).
const probes = randomPrefixes(LOOKUPS);
for (let index = 0; index < LOOKUPS; index += 2) probes[index] = members[probes[index] % members.length];

const rows = { has: [], set: [], keyCheck: [], decode: [], nativeDecode: [], diff: [], checksum: [], store: [] };
let sink = 0;
const keys = Array.from({ length: 2000 }, (_, index) => `domain:shop-${index}.example`);
const diffBody = (() => {
  const added = randomPrefixes(500);
  const removed = members.filter((_, index) => index % Math.floor(members.length / 500) === 0).slice(0, 500);
  const next = new Set(members);
  for (const value of removed) next.delete(value);
  for (const value of added) next.add(value);
  const after2 = serverBody([...next], 2);
  const encode = (values) => Buffer.from(prefixBytes(Uint32Array.from(values).sort())).toString('base64');
  return { version: 2, since: 1, prefix_bytes: 4, count: after2.count, added: encode(added),
    removed: encode(removed), sha256: after2.sha256 };
})();

for (let round = 0; round < ROUNDS; round += 1) {
  let start = ns();
  for (let index = 0; index < LOOKUPS; index += 1) sink += set.has(probes[index]) ? 1 : 0;
  rows.has.push(Number(ns() - start) / LOOKUPS);

  start = ns();
  for (let index = 0; index < LOOKUPS; index += 1) sink += baseline.has(probes[index]) ? 1 : 0;
  rows.set.push(Number(ns() - start) / LOOKUPS);

  start = ns();
  for (const key of keys) sink += set.has(Number.parseInt((await keyHash(key)).slice(0, 8), 16)) ? 1 : 0;
  rows.keyCheck.push(Number(ns() - start) / keys.length);

  start = ns();
  sink += (await PrefixSet.fromFull(body)).count;
  rows.decode.push(Number(ns() - start));

  start = ns();
  sink += Buffer.from(body.prefixes, 'base64').length;
  rows.nativeDecode.push(Number(ns() - start));

  start = ns();
  sink += (await set.applyDiff(diffBody)).count;
  rows.diff.push(Number(ns() - start));

  start = ns();
  sink += (await webcrypto.subtle.digest('SHA-256', prefixBytes(set.prefixes))).byteLength;
  rows.checksum.push(Number(ns() - start));

  start = ns();
  sink += set.toJSON().prefixes.length;
  rows.store.push(Number(ns() - start));
}
set = await PrefixSet.fromFull(body);

const m = Object.fromEntries(Object.entries(rows).map(([name, values]) => [name, median(values)]));
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;
const typedBytes = set.prefixes.byteLength;
const heapDelta = after.heapUsed - before.heapUsed;
const bufferDelta = after.arrayBuffers - before.arrayBuffers;
const print = (name, value, note = '') => console.log(`${name.padEnd(44)} ${value.padStart(14)}  ${note}`);

console.log(`# ${set.count.toLocaleString('en')} prefixes, ${LOOKUPS.toLocaleString('en')} lookups x ${ROUNDS} rounds (medians); node ${process.version}`);
print('has() per lookup', `${m.has.toFixed(1)} ns`, `${(m.has / m.set).toFixed(2)}x a JS Set of the same numbers (${m.set.toFixed(1)} ns)`);
print('keyHash() + has() per key', `${(m.keyCheck / 1000).toFixed(2)} us`, `${(m.keyCheck / m.has).toFixed(0)}x has() alone: hashing dominates`);
print('decode + verify the full set (base64, sha256)', `${(m.decode / 1e6).toFixed(1)} ms`, `${(m.decode / m.nativeDecode).toFixed(2)}x Node's native base64 decode alone (${(m.nativeDecode / 1e6).toFixed(1)} ms)`);
print('apply a 1 k diff (merge + sha256)', `${(m.diff / 1e6).toFixed(1)} ms`, `${(m.diff / m.checksum).toFixed(2)}x the sha256 alone (${(m.checksum / 1e6).toFixed(1)} ms)`);
print('store (toJSON: base64)', `${(m.store / 1e6).toFixed(1)} ms`, `${mib(set.toJSON().prefixes.length)} of text in storage.local`);
print('memory: the typed array', mib(typedBytes), `${(typedBytes / set.count).toFixed(1)} bytes a prefix`);
print('memory: heap + ArrayBuffers grown by the set', mib(heapDelta + bufferDelta), `heap ${mib(heapDelta)}, ArrayBuffers ${mib(bufferDelta)}`);
console.log(`goal: lookup < 0.1 ms over 1 M: ${m.has < 100_000 ? 'met' : 'NOT met'} (${(m.has / 1e6).toFixed(6)} ms); ` +
  `set <= 5 MB: ${heapDelta + bufferDelta <= 5e6 && typedBytes <= 5e6 ? 'met' : 'NOT met'}`);
if (sink === -1) console.log(sink);
