// Shared by tools/gen_phone_metadata.mjs and tests/phone-diff/diff.mjs (no dependencies).

// A random string matching a libphonenumber pattern (its regex subset: groups, classes, \d,
// ?, {n}, {n,m}, alternation).
export function sample(p, pick) {
  let i = 0
  const alt = () => {
    const branches = [seq()]
    while (p[i] === '|') {
      i++
      branches.push(seq())
    }
    return { alt: branches }
  }
  const seq = () => {
    const items = []
    while (i < p.length && p[i] !== '|' && p[i] !== ')') {
      let atom
      if (p[i] === '(') {
        i += p.startsWith('(?:', i) ? 3 : 1
        atom = alt()
        i++ // ')'
      } else if (p[i] === '[') {
        const end = p.indexOf(']', i)
        const set = []
        const body = p.slice(i + 1, end)
        for (let k = 0; k < body.length; k++) {
          if (body[k + 1] === '-') {
            for (let c = +body[k]; c <= +body[k + 2]; c++) set.push(String(c))
            k += 2
          } else set.push(body[k])
        }
        atom = { set }
        i = end + 1
      } else if (p.startsWith('\\d', i)) {
        atom = { set: [...'0123456789'] }
        i += 2
      } else {
        atom = { set: [p[i]] }
        i++
      }
      let min = 1
      let max = 1
      if (p[i] === '?') {
        min = 0
        i++
      } else if (p[i] === '{') {
        const end = p.indexOf('}', i)
        const [a, b] = p.slice(i + 1, end).split(',')
        min = +a
        max = b === undefined ? +a : +b
        i = end + 1
      }
      items.push({ atom, min, max })
    }
    return { seq: items }
  }
  const tree = alt()
  const gen = (node) => {
    if (node.alt) return gen(node.alt[pick(node.alt.length)])
    if (node.set) return node.set[pick(node.set.length)]
    let out = ''
    for (const { atom, min, max } of node.seq) {
      const times = min + pick(max - min + 1)
      for (let k = 0; k < times; k++) out += gen(atom)
    }
    return out
  }
  return gen(tree)
}
