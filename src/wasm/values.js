// JS values the wasm builds in one call (src/wasm/mod.rs).

/**
 * Sets `name` on each country of `list` in the language of `tag` (else `language`), from the
 * platform's own CLDR data: names people use, in their language, for no bytes in the wasm.
 * Where the platform has no name (no Intl.DisplayNames), the alpha-2 code stands in.
 */
export function nameCountries(list, tag, language) {
  let names = null;
  for (const t of [tag, language]) {
    try {
      names = new Intl.DisplayNames([t], { type: "region", fallback: "code" });
      break;
    } catch {
      // a tag Intl refuses (e.g. "es_CL"): try the bare language
    }
  }
  for (const c of list) c.name = (names && names.of(c.alpha2)) || c.alpha2;
}
