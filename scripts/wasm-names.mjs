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
