// Values for the two fill buttons.
//
// "Fill with sample data" makes fresh, valid Chilean identities each time (RUT check digits
// computed here and confirmed with validateField before they are used; mobile numbers with the
// nine digits Chile's numbering plan has), so the flow can be run again without a duplicate.
// "Seed examples" fills the API guide's own example values verbatim, including the ones that
// are not valid (SPEC section 2), so the page can show why.

/** The Chilean RUT check digit of `body` (a string of digits): modulo 11, 10 -> K. */
export function rutCheckDigit(body) {
  let sum = 0;
  let weight = 2;
  for (let i = body.length - 1; i >= 0; i--) {
    sum += Number(body[i]) * weight;
    weight = weight === 7 ? 2 : weight + 1;
  }
  const dv = 11 - (sum % 11);
  return dv === 11 ? "0" : dv === 10 ? "K" : String(dv);
}

function randomInt(min, max) {
  const span = max - min + 1;
  const buf = new Uint32Array(1);
  crypto.getRandomValues(buf);
  return min + (buf[0] % span);
}

function pick(list) {
  return list[randomInt(0, list.length - 1)];
}

function rut(min, max) {
  const body = String(randomInt(min, max));
  return `${body}-${rutCheckDigit(body)}`;
}

function chileMobile() {
  // +56 9 4xxx xxxx, +56 9 5xxx xxxx...: ranges the numbering plan has allocated whole (no
  // mobile starts +56 9 1).
  return `+569${randomInt(4, 5)}${String(randomInt(1000000, 9999999))}`;
}

const ORGS = [
  ["Andes Logística SpA", "Andes"],
  ["Cordillera Pagos SpA", "Cordillera"],
  ["Pacífico Servicios Ltda.", "Pacífico"],
  ["Atacama Digital SpA", "Atacama"],
  ["Valle Central Comercial SpA", "Valle Central"],
];

const PEOPLE = [
  ["Camila", "Rojas"],
  ["Diego", "Fuentes"],
  ["Valentina", "Soto"],
  ["Matías", "Muñoz"],
  ["Javiera", "Contreras"],
  ["Tomás", "Araya"],
  ["Fernanda", "Silva"],
  ["Benjamín", "Morales"],
];

function ascii(s) {
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "");
}

/** One candidate sample set: `{org, u1, u2}` of field values (not yet checked). */
export function sampleCandidate() {
  const [orgName, orgNick] = pick(ORGS);
  const tag = String(randomInt(100, 999));
  const first = pick(PEOPLE);
  let second = pick(PEOPLE);
  while (second === first) second = pick(PEOPLE);
  const person = ([given, family], n) => ({
    name: given,
    lastname: family,
    nickname: given.toLowerCase(),
    email: `${ascii(given)}.${ascii(family)}@example.com`,
    country: "CHL",
    phone: chileMobile(),
    documentType: "RUT",
    documentNumber: rut(10_000_000, 24_999_999),
    idv: `iv-${tag}${n}${randomInt(0, 9)}`,
    externalId: `crm-${tag}-${n}`,
  });
  return {
    org: {
      name: orgName,
      nickname: orgNick,
      email: `${ascii(orgNick)}.${tag}@example.com`,
      country: "CHL",
      phone: chileMobile(),
      documentType: "RUT",
      documentNumber: rut(76_000_000, 77_999_999),
      idv: `iv-${tag}00`,
      externalId: `crm-${tag}`,
    },
    u1: person(first, 1),
    u2: person(second, 2),
  };
}

/**
 * The seed documents' own values. The users are the guide's "Service Provider 1/2"; the
 * organization is its "Operator 1" with the RUT the product spec quotes (77123126-K) and the
 * phone and idv of the Create Identity reference page's example.
 */
export const SEED = {
  org: {
    name: "Operator 1",
    nickname: "OP1",
    email: "operator1@example.com",
    country: "CHL",
    phone: "+56961234574",
    documentType: "RUT",
    documentNumber: "77123126-K",
    idv: "iv-23123",
    externalId: "",
  },
  u1: {
    name: "Service Provider 1",
    lastname: "",
    nickname: "SP1",
    email: "serviceprovider1@example.com",
    country: "CHL",
    phone: "+5692111111",
    documentType: "RUT",
    documentNumber: "17604011-4",
    idv: "iv-23124",
    externalId: "",
  },
  u2: {
    name: "Service Provider 2",
    lastname: "",
    nickname: "SP2",
    email: "serviceprovider2@example.com",
    country: "CHL",
    phone: "+5693111111",
    documentType: "RUT",
    documentNumber: "18604011-4",
    idv: "iv-23125",
    externalId: "",
  },
};
