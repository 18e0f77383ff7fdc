// What short-imports.mjs and short-exports.mjs share: the wasm binary format's LEB128 numbers
// and names, and the short names they give.

/** The unsigned LEB128 number at `pos` in `bytes`: [value, the position after it]. */
export function uleb(bytes, pos) {
  let value = 0, shift = 0, b;
  do {
    b = bytes[pos++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return [value, pos];
}

/** `n` as unsigned LEB128. */
export function leb(n) {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return Buffer.from(out);
}

/** A name as the binary format writes it: its UTF-8 length, then its bytes. */
export const name = (s) => Buffer.concat([leb(Buffer.byteLength(s)), Buffer.from(s)]);

// a..z, A..Z, then two letters: valid identifiers, unique.
const LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
/** The `i`th short name. */
export const short = (i) => (i < 52 ? LETTERS[i] : LETTERS[Math.floor(i / 52) - 1] + LETTERS[i % 52]);

/** The module `bytes` with the contents of its section `id` replaced by what
 *  `rewrite(start, end)` gives for them (`start`, `end`: their bounds in `bytes`). */
export function replaceSection(bytes, id, rewrite) {
  const parts = [bytes.subarray(0, 8)];
  let pos = 8;
  while (pos < bytes.length) {
    const [size, start] = uleb(bytes, pos + 1);
    const end = start + size;
    if (bytes[pos] === id) {
      const contents = rewrite(start, end);
      parts.push(Buffer.from([id]), leb(contents.length), contents);
    } else {
      parts.push(bytes.subarray(pos, end));
    }
    pos = end;
  }
  return Buffer.concat(parts);
}
