"""identity-kit's document verdicts against python-stdnum's (issue 17), run by tests/run-stdnum.sh.

Generates a corpus for every document type: valid numbers across the whole domain (every
type prefix, every length, both forms where a document has two), written compact and
formatted, every prefix of some of them, and one-character mutations (a character replaced,
removed or added). identity-kit's verdicts come from `examples/verdicts.rs` (the command given
as arguments), python-stdnum's from each module's `is_valid` (and `validate_check_digits=True`
for the RFC, whose warnings must match where python-stdnum's strict check fails).

Every disagreement must be one of KNOWN_DIFFERENCES (each with its reason and source); the test
fails if the others exceed 0.01% of a type's corpus, or if a prefix of a valid number is
`invalid` (SPEC section 3: a value on its way to a valid one is never shown as an error).
Document types python-stdnum has no module for are compared with SPEC section 2's rule, written
here on its own.
"""

import random
import re
import string
import subprocess
import sys
import time

import stdnum
from stdnum.ar import cuit as ar_cuit, dni as ar_dni
from stdnum.br import cnpj as br_cnpj, cpf as br_cpf
from stdnum.cl import rut as cl_rut
from stdnum.co import nit as co_nit
from stdnum.mx import curp as mx_curp, rfc as mx_rfc
from stdnum.pe import cui as pe_cui, ruc as pe_ruc

rng = random.Random(17)
DIGITS = string.digits
UPPER = string.ascii_uppercase


def digits(n):
    return ''.join(rng.choice(DIGITS) for _ in range(n))


def spec_rule(pattern, separators):
    """SPEC section 2's rule for a document python-stdnum has no module for."""
    regex = re.compile(pattern)

    def is_valid(value):
        compact = ''.join(c for c in value if not c.isspace() and c not in separators).upper()
        return bool(regex.fullmatch(compact))
    return is_valid


def grouped(number):
    """Thousands grouped with dots: 12.345.678."""
    out = []
    while len(number) > 3:
        out.insert(0, number[-3:])
        number = number[:-3]
    return '.'.join([number] + out)


# --- valid numbers, per document type -------------------------------------------------------

def gen_rut():
    body = str(rng.randint(1_000_000, 99_999_999))
    number = body + cl_rut.calc_check_digit(body)
    return [number, cl_rut.format(number), body + '-' + number[-1]]


def real_date(century=None):
    while True:
        year = century + rng.randint(0, 99) if century is not None else rng.randint(1900, 2099)
        month, day = rng.randint(1, 12), rng.randint(1, 31)
        try:
            import datetime
            datetime.date(year, month, day)
            return year, f'{year % 100:02d}{month:02d}{day:02d}'
        except ValueError:
            continue


CURP_STATES = sorted(mx_curp._valid_states)
CONSONANTS = 'BCDFGHJKLMNPQRSTVWXYZ'


def gen_curp():
    year, date = real_date()
    homonym = rng.choice(DIGITS) if year < 2000 else rng.choice(UPPER)
    letters = ''.join(rng.choice(UPPER) for _ in range(4))
    body = (letters + date + rng.choice('HM') + rng.choice(CURP_STATES)
            + ''.join(rng.choice(CONSONANTS) for _ in range(3)) + homonym)
    number = body + mx_curp.calc_check_digit(body + '0')
    return [number, number.lower()]


RFC_LETTERS = UPPER + '&Ñ'
HOMOCLAVE_1 = '123456789ABCDEFGHIJKLMNPQRSTUV'
HOMOCLAVE_2 = '123456789ABCDEFGHIJKLMNPQRSTUVWXYZ'


def gen_rfc():
    person = rng.random() < 0.5
    letters = ''.join(rng.choice(RFC_LETTERS) for _ in range(4 if person else 3))
    _, date = real_date(2000)
    kind = rng.random()
    if kind < 0.6:  # what SAT's algorithm gives: no warning
        body = letters + date + rng.choice(HOMOCLAVE_1) + rng.choice(HOMOCLAVE_2)
        number = body + mx_rfc.calc_check_digit(body)
    elif kind < 0.85:  # a check digit that does not match: a warning
        body = letters + date + rng.choice(HOMOCLAVE_1) + rng.choice(HOMOCLAVE_2)
        number = body + rng.choice(DIGITS + 'A')
    else:  # any homoclave python-stdnum accepts by default
        number = letters + date + ''.join(rng.choice(DIGITS + UPPER) for _ in range(3))
    return [number, mx_rfc.format(number), mx_rfc.format(number, '-')]


def gen_nit():
    # Bodies of 6 to 15 digits: identity-kit's domain (6-10) and python-stdnum's (7-15).
    length = rng.choice([6, 7, 8, 9, 9, 9, 10, 10] * 3 + [11, 12, 13, 14, 15])
    body = digits(length)
    number = body + co_nit.calc_check_digit(body)
    return [number, co_nit.format(number), body + '-' + number[-1]]


def gen_pe_dni():
    number = digits(8)
    checks = pe_cui.calc_check_digits(number)
    return [number, number + '-' + checks[0], number + checks[1], number + ' ' + checks[1].lower()]


def gen_ar_dni():
    number = str(rng.randint(1_000_000, 99_999_999))
    return [number, grouped(number)]


def gen_ruc():
    prefix = rng.choice(['10', '15', '17', '20'])
    body = prefix + digits(8)
    return [body + pe_ruc.calc_check_digit(body)]


CUIT_PREFIXES = ['20', '23', '24', '27', '30', '33', '34', '50', '51', '55']


def gen_cuit(prefixes=CUIT_PREFIXES):
    def gen():
        body = rng.choice(prefixes) + digits(8)
        number = body + ar_cuit.calc_check_digit(body)
        return [number, ar_cuit.format(number)]
    return gen


def gen_cpf():
    body = digits(9)
    number = body + br_cpf._calc_check_digits(body)
    return [number, br_cpf.format(number)]


def gen_cnpj():
    if rng.random() < 0.5:
        body = digits(12)
    else:  # the alphanumeric CNPJ (July 2026)
        body = ''.join(rng.choice(DIGITS + UPPER) for _ in range(12))
    number = body + br_cnpj.calc_check_digits(body)
    return [number, br_cnpj.format(number)]


def gen_digits(low, high):
    def gen():
        number = digits(rng.randint(low, high))
        return [number, grouped(number)]
    return gen


def gen_alnum(low, high):
    def gen():
        return [''.join(rng.choice(DIGITS + UPPER) for _ in range(rng.randint(low, high)))]
    return gen


# (type, country, reference is_valid, reference name, generator, mutation alphabet)
TYPES = [
    ('RUT', 'CHL', cl_rut.is_valid, 'cl.rut', gen_rut, DIGITS + 'K'),
    ('CURP', 'MEX', mx_curp.is_valid, 'mx.curp', gen_curp, DIGITS + UPPER),
    ('RFC', 'MEX', mx_rfc.is_valid, 'mx.rfc', gen_rfc, DIGITS + UPPER + '&Ñ'),
    ('NIT', 'COL', co_nit.is_valid, 'co.nit', gen_nit, DIGITS),
    ('DNI', 'PER', pe_cui.is_valid, 'pe.cui', gen_pe_dni, DIGITS + 'ABCDEFGHIJK'),
    ('DNI', 'ARG', ar_dni.is_valid, 'ar.dni', gen_ar_dni, DIGITS),
    ('RUC', 'PER', pe_ruc.is_valid, 'pe.ruc', gen_ruc, DIGITS),
    ('CUIT', 'ARG', ar_cuit.is_valid, 'ar.cuit', gen_cuit(), DIGITS),
    ('CUIL', 'ARG', ar_cuit.is_valid, 'ar.cuit (no CUIL module)', gen_cuit(['20', '23', '24', '27']), DIGITS),
    ('CPF', 'BRA', br_cpf.is_valid, 'br.cpf', gen_cpf, DIGITS),
    ('CNPJ', 'BRA', br_cnpj.is_valid, 'br.cnpj', gen_cnpj, DIGITS + UPPER),
    ('CED_CIU', 'COL', spec_rule(r'[0-9]{6,10}', '.,-'), 'SPEC: 6-10 digits', gen_digits(5, 11), DIGITS),
    ('CED_EXT', 'COL', spec_rule(r'[0-9]{6,10}', '.,-'), 'SPEC: 6-10 digits', gen_digits(5, 11), DIGITS),
    ('CE', 'PER', spec_rule(r'[0-9A-Z]{8,12}', '.-'), 'SPEC: 8-12 letters/digits', gen_alnum(7, 13), DIGITS + UPPER),
    ('PASSPORT', 'USA', spec_rule(r'[0-9A-Z]{6,20}', '.-/'), 'SPEC: 6-20 letters/digits', gen_alnum(5, 21), DIGITS + UPPER),
]

# Values written by hand: the real cases, and each deliberate difference at least once.
HANDWRITTEN = {
    ('RFC', 'MEX'): ['VACE460910SX6', 'VACE-460910-SX6', 'XAXX010101000', 'XEXX010101000', 'COMG600703',
                     'CACA800101AB1', 'MAB930714OT8', 'GODE5612310R1'],
    ('CURP', 'MEX'): ['XEXX000229XNEXXXA8'] + [body + mx_curp.calc_check_digit(body + '0') for body in
                                               ('CACA560427MVZRRL0', 'HEGA560427MVZARE0')],
    ('CUIT', 'ARG'): ['50-12345678-2', '51-12345678-9', '55-12345678-4', '30-50000045-8'],
    ('NIT', 'COL'): ['900.206.480-2', '15.252.525-0', '1.023.456.789-4', '1.234.567-2', '123.456-3',
                     '900.206.460', '900-206-480-2', '900.206.480-'],
    ('CPF', 'BRA'): ['111.111.111-11', '222.222.222-22', '99999999999', '00000000000'],
    ('CUIL', 'ARG'): ['30-71042263-6', '33-69345023-9', '50-12345678-2', '20-10123456-9'],
}


# --- deliberate differences -------------------------------------------------------------------
# (type, name, applies(compact value, raw value, ours valid, reference valid), reason, source).
# A disagreement must match one; each is printed with its count.

def curp_sex_x(c, raw, ours, ref):
    return ours and not ref and len(c) == 18 and c[10] == 'X'


def curp_words(c, raw, ours, ref):
    return ours and not ref and c[:4] in mx_curp._name_blacklist


def curp_vowels(c, raw, ours, ref):
    return not ours and ref and len(c) == 18 and any(ch in 'AEIOU' for ch in c[13:16])


def rfc_words(c, raw, ours, ref):
    return ours and not ref and len(c) == 13 and c[:4] in mx_rfc._name_blacklist


def rfc_stem(c, raw, ours, ref):
    return not ours and ref and len(c) in (10, 11)


def nit_body(lo, hi, ours_valid):
    def applies(c, raw, ours, ref):
        return ours == ours_valid and ref != ours_valid and c.isdigit() and lo <= len(c) - 1 <= hi
    return applies


def nit_written(c, raw, ours, ref):
    # The dash or the grouping says where the check digit is; python-stdnum drops separators.
    return not ours and ref and (raw.count('-') > 1 or raw.rstrip().endswith('-')
                                 or ('-' not in raw and '.' in raw and len(raw.rsplit('.', 1)[1]) == 3))


def cpf_repeated(c, raw, ours, ref):
    return not ours and ref and len(c) == 11 and len(set(c[:9])) == 1


def cuil_prefix(c, raw, ours, ref):
    return not ours and ref and c[:2] not in ('20', '23', '24', '27')


KNOWN_DIFFERENCES = [
    ('CURP', 'sex X accepted', curp_sex_x,
     'RENAPO assigns X to people registered with a non-binary sex; python-stdnum knows only H and M',
     'Proceso, 2023-02-23, "Emiten primera CURP de identidad no binaria en Jalisco"; src/documents/curp.rs'),
    ('CURP', 'forbidden words accepted', curp_words,
     'CURPs issued before the forbidden-word rule are held by real people',
     'validate-curp issue #1; python-stdnum mx/curp.py _name_blacklist'),
    ('CURP', 'vowels in positions 14-16 refused', curp_vowels,
     'positions 14-16 are the names\' first inner consonants, X when there is none: RENAPO never issues a vowel there',
     'RENAPO, Instructivo normativo para la asignación de la CURP (DOF 18-10-2021); python-stdnum checks only [A-Z]'),
    ('RFC', 'forbidden words accepted', rfc_words,
     'as the CURP: nothing says SAT re-issued RFCs whose first letters form one of the words',
     'src/documents/rfc.rs; python-stdnum mx/rfc.py _name_blacklist'),
    ('RFC', '10-character stem without homoclave is incomplete', rfc_stem,
     'SAT issues every RFC with its 3-character homoclave; invoices (CFDI) need all 12 or 13 characters',
     'SAT, Anexo 20 of the RMF (CFDI 4.0: RFC of 12 or 13 characters)'),
    ('NIT', 'bodies of 6 digits accepted', nit_body(6, 6, True),
     'a person\'s NIT is their cédula, and 6-digit cédulas are in use; python-stdnum\'s minimum is 7',
     'SPEC section 2; DIAN, Estatuto Tributario art. 555-1'),
    ('NIT', 'bodies of 11-15 digits refused', nit_body(11, 15, False),
     'no NIT is issued with more than 10 digits before the check digit (9 for companies, the cédula for people); '
     'python-stdnum\'s 15 is the length of DIAN\'s weight table',
     'SPEC section 2; python-stdnum co/nit.py'),
    ('NIT', 'the dash and the grouping say where the check digit is', nit_written,
     'as for the RUT: the last dash marks the check digit (so a wrong one is invalid at once, and a dash inside '
     'the body is refused); 900.206.460 grouped in threes is a body still waiting for its check digit',
     'src/documents/nit.rs'),
    ('CPF', 'nine equal digits refused', cpf_repeated,
     'they pass the check digits but are not issued, and are what people type to get past a form',
     'src/documents/cpf.rs (validator.js, cpf-cnpj-validator reject them); python-stdnum rejects only zeros'),
    ('CUIL', 'company and international prefixes refused', cuil_prefix,
     'a CUIL is a person\'s (ANSES): only the person prefixes 20, 23, 24, 27; python-stdnum has only ar.cuit',
     'SPEC section 2; src/documents/cuil.rs'),
]

# Where the RFC's warnings and python-stdnum's strict check (validate_check_digits=True) may
# disagree on a number both accept.
KNOWN_WARNING_DIFFERENCES = [
    ('generic RFCs carry no warning', lambda c: c in ('XAXX010101000', 'XEXX010101000'),
     'SAT\'s generic RFCs for the public and for foreigners, accepted everywhere', 'SAT, RMF 2.7.1.26'),
    ('O in the homoclave is a warning', lambda c: 'O' in c[-3:-1],
     'SAT\'s homoclave table (Anexo 2 of its algorithm) has 34 symbols, 1-9 and A-Z without O; '
     'python-stdnum\'s strict regex allows O',
     'SAT, Algoritmo para generar el RFC con homoclave (IFAI 0610100135506)'),
]


# --- corpus -------------------------------------------------------------------------------------

def mutations(value, alphabet):
    """One-character mutations: a letter or digit replaced, one removed, one added."""
    positions = [i for i, c in enumerate(value) if c.isalnum()]
    out = []
    for _ in range(3):
        if positions:
            i = rng.choice(positions)
            out.append(value[:i] + rng.choice(alphabet) + value[i + 1:])
    if positions:
        i = rng.choice(positions)
        out.append(value[:i] + value[i + 1:])
    i = rng.randint(0, len(value))
    out.append(value[:i] + rng.choice(alphabet) + value[i:])
    return out


def corpus(generator, alphabet, bases, with_prefixes):
    values, prefixes = [], []
    for n in range(bases):
        forms = generator()
        values.extend(forms)
        values.extend(mutations(forms[0], alphabet))
        if len(forms) > 1:
            values.extend(mutations(rng.choice(forms[1:]), alphabet)[:1])
        if n < with_prefixes:
            prefixes.extend((forms[0][:i], forms[0]) for i in range(1, len(forms[0])))
    return values, prefixes


def main():
    command = sys.argv[1:]
    bases = 1500
    started = time.time()
    jobs = []  # (type index, value, the number it is a prefix of, or None)
    for t, (doc, country, _, _, generator, alphabet) in enumerate(TYPES):
        values, prefixes = corpus(generator, alphabet, bases, 150)
        values.extend(HANDWRITTEN.get((doc, country), []))
        values = list(dict.fromkeys(values))  # a mutation may give a value twice
        jobs.extend((t, v, None) for v in values)
        jobs.extend((t, p, parent) for p, parent in prefixes)
    lines = ''.join(f'{TYPES[t][0]}\t{TYPES[t][1]}\t{v}\n' for t, v, _ in jobs)
    answer = subprocess.run(command, input=lines.encode(), capture_output=True, check=True)
    verdicts = answer.stdout.decode().split('\n')[:len(jobs)]
    assert len(verdicts) == len(jobs), f'{len(verdicts)} verdicts for {len(jobs)} values'

    state_of = {(t, v): verdict.split('\t')[0] for (t, v, parent), verdict in zip(jobs, verdicts) if parent is None}
    print(f'python-stdnum {stdnum.__version__}; {len(jobs)} values; identity-kit answered in '
          f'{time.time() - started:.1f}s')
    failed = False
    total_all = agree_all = 0
    print(f'{"type":<12} {"reference":<27} {"values":>7} {"valid":>6} {"agree":>7} {"deliberate":>10} '
          f'{"unexplained":>11} {"agreement":>9} {"explained":>9}')
    deliberate_counts = {}
    examples = {}
    warning_counts = {}
    for t, (doc, country, reference, ref_name, _, _) in enumerate(TYPES):
        total = agree = deliberate = unexplained = valid = 0
        for (tt, value, parent), verdict in zip(jobs, verdicts):
            if tt != t:
                continue
            state, code, warnings, normalized = verdict.split('\t')
            ours = state == 'valid'
            if parent is not None:
                if state_of[(t, parent)] != 'valid':
                    continue
                # SPEC section 3, on the whole corpus's prefixes: never an error on the way.
                if state == 'invalid':
                    print(f'  PREFIX {doc} {country} {value!r} is invalid ({code})')
                    failed = True
                continue
            total += 1
            valid += ours
            ref = bool(reference(value))
            compact = re.sub(r'[\s.,/\-–—_]', '', value).upper()
            if ours == ref:
                agree += 1
                if doc == 'RFC' and ours:
                    strict = mx_rfc.is_valid(value, validate_check_digits=True)
                    if strict == (warnings == ''):
                        warning_counts['agree'] = warning_counts.get('agree', 0) + 1
                    else:
                        rule = next((r for r in KNOWN_WARNING_DIFFERENCES if r[1](compact)), None)
                        key = rule[0] if rule else 'unexplained'
                        warning_counts[key] = warning_counts.get(key, 0) + 1
                        examples.setdefault(('RFC warnings', key), (value, warnings or '-', strict))
                        if not rule:
                            failed = True
                continue
            rule = next((r for r in KNOWN_DIFFERENCES
                         if r[0] == doc and r[2](compact, value, ours, ref)), None)
            if rule:
                deliberate += 1
                deliberate_counts[(doc, rule[1])] = deliberate_counts.get((doc, rule[1]), 0) + 1
                examples.setdefault((doc, rule[1]), (value, state, ref))
            else:
                unexplained += 1
                if unexplained <= 5:
                    print(f'  UNEXPLAINED {doc} {country} {value!r}: identity-kit {state} {code}, '
                          f'{ref_name} {ref}')
        total_all += total
        agree_all += agree
        explained = (agree + deliberate) / total
        print(f'{doc + " " + country:<12} {ref_name:<27} {total:>7} {valid:>6} {agree:>7} {deliberate:>10} '
              f'{unexplained:>11} {100 * agree / total:>8.3f}% {100 * explained:>8.3f}%')
        if unexplained > total * 0.0001:
            failed = True
    print(f'all: {total_all} values, raw agreement {100 * agree_all / total_all:.3f}%')
    print('deliberate differences (each with its reason and source):')
    for doc, name, _, reason, source in KNOWN_DIFFERENCES:
        count = deliberate_counts.get((doc, name), 0)
        example = examples.get((doc, name))
        shown = f' e.g. {example[0]!r}: identity-kit {example[1]}, python-stdnum {example[2]}' if example else ''
        print(f'  {doc}: {name}: {count}.{shown}\n      why: {reason}\n      source: {source}')
    print('RFC warnings vs python-stdnum validate_check_digits=True on numbers both accept:')
    print(f'  agree: {warning_counts.get("agree", 0)}')
    for name, _, reason, source in KNOWN_WARNING_DIFFERENCES:
        example = examples.get(('RFC warnings', name))
        shown = f' e.g. {example[0]!r}: warnings {example[1]}, strict {example[2]}' if example else ''
        print(f'  {name}: {warning_counts.get(name, 0)}.{shown}\n      why: {reason}\n      source: {source}')
    if warning_counts.get('unexplained'):
        example = examples[('RFC warnings', 'unexplained')]
        print(f'  UNEXPLAINED: {warning_counts["unexplained"]}, e.g. {example}')
    print(f'stdnum: {0 if failed else 1} passed, {1 if failed else 0} failed '
          f'({time.time() - started:.1f}s)')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
