#!/usr/bin/env python3
"""Writes the fuzzers' starting inputs into fuzz/corpus/<target>/ (seed-*): one valid value per
field and document kind, a few payloads, a few requests. The fuzzer grows the corpus from these;
`scripts/fuzz.sh` merges and minimises it. Run from the repository root."""
import json, os

FIELDS = ["type", "name", "nickname", "lastname", "externalId", "email", "phone", "country",
          "documentType", "documentNumber", "idv", "childId", "scope.resource", "scope.reference",
          "scope.permission", "bankAccount.accountNumber", "bankAccount.bank", "bankAccount.currency",
          "bankAccount.typeAccount", "bankAccount.accountHolder", "bankAccount.accountHolderDni",
          "bankAccount.country", "address.street", "address.streetNumber",
          "address.administrativeAreaLevel1", "address.administrativeAreaLevel2",
          "address.administrativeAreaLevel3", "address.optionalAddress", "address.zipcode", "address.country"]
NAMES = ["PASSPORT", "RUT", "CURP", "RFC", "CED_CIU", "CED_EXT", "NIT", "DNI", "CE", "RUC", "CUIL", "CUIT", "CPF", "CNPJ"]
COUNTRIES = ["CHL", "MEX", "COL", "PER", "ARG", "BRA"]
KINDS = [("PASSPORT", "CHL", "AB1234567"), ("RUT", "CHL", "12.345.678-5"), ("CURP", "MEX", "HEGG560427MVZRRL04"),
         ("RFC", "MEX", "MAB9307148T4"), ("CED_CIU", "COL", "1.023.456.789"), ("CED_EXT", "COL", "345.678"),
         ("NIT", "COL", "900.206.480-2"), ("DNI", "PER", "10117410-2"), ("DNI", "ARG", "20.123.456"),
         ("CE", "PER", "001766062"), ("RUC", "PER", "20512333797"), ("CUIL", "ARG", "20-10123456-9"),
         ("CUIT", "ARG", "30-71042263-6"), ("CPF", "BRA", "390.533.447-05"), ("CNPJ", "BRA", "16.727.230/0001-97")]
VALUES = {"type": "USER", "email": "Ana.Perez+x@Example.CL", "phone": "+56 9 2111 1111", "country": "chl",
          "bankAccount.country": "BRA", "address.country": "MEX", "documentType": "RUT",
          "documentNumber": "17.604.011-4", "scope.permission": "account:read",
          "bankAccount.accountNumber": "0001-2345-6789", "bankAccount.currency": "clp",
          "bankAccount.typeAccount": "CHECKING_ACCOUNT", "address.zipcode": "7550000"}

def write(target, name, data):
    d = f"fuzz/corpus/{target}"
    os.makedirs(d, exist_ok=True)
    with open(f"{d}/seed-{name}", "wb") as f:
        f.write(data)

for target in ["validate_field", "format_field"]:
    for i, field in enumerate(FIELDS):
        value = VALUES.get(field, "José Ñúñez")
        write(target, f"field-{i}", bytes([i, 1, 0, 0]) + value.encode())
    for k, (doc, country, example) in enumerate(KINDS):
        flags = 2 if doc in ("RFC", "NIT", "CUIT", "CNPJ") else 1
        write(target, f"kind-{k}", bytes([9, NAMES.index(doc), COUNTRIES.index(country), flags]) + example.encode())
    write(target, "phone-mx", bytes([6, 15, 1, 8]) + b"+52 55 1234 5678")
    write(target, "lenient-doc", bytes([9, 3, 200, 4]) + b"X-1")

user = {"type": "USER", "name": " Service Provider 1 ", "nickname": "SP1", "email": "ServiceProvider1@Example.COM",
        "phone": "+56 9 2111 1111", "documentType": "RUT", "documentNumber": "17.604.011-4", "idv": "iv-23124",
        "country": "chl", "securityOptions": {"twoFactorEnabled": False, "accessControl": {"scopes": [
            {"resource": "accounts", "reference": "r-1", "permissions": ["account:read", "account:write"]}]}},
        "children": [{"id": "c-1"}],
        "bankAccount": {"accountNumber": "000123456789", "bank": "Banco", "currency": "CLP", "typeAccount": "SAVINGS",
                        "accountHolder": "Ana", "accountHolderDni": "17604011-4", "country": "CHL"},
        "address": {"street": "Av. Apoquindo", "streetNumber": "3000", "administrativeAreaLevel1": "RM",
                    "zipcode": "7550000", "country": "CHL"}}
org = {"type": "ORGANIZATION", "name": "Org", "email": "a@b.co", "phone": "+52 55 1234 5678", "country": "MEX",
       "documentType": "RFC", "documentNumber": "MAB9307148T4", "idv": "iv-1"}
for flags, name, payload in [(0, "user", user), (0, "org", org), (1, "patch", {"phone": "+56 9 2111 1112"}),
                             (2, "lenient", dict(org, rules=[])), (4, "es-errors", {"type": "X", "children": "no"})]:
    write("validate_identity", name, bytes([flags]) + json.dumps(payload, ensure_ascii=False).encode())

SEP = b"\xff"
for name, query, body in [("create", "", user), ("list", "limit=5&email=ana%40example.com&documentType=RUT&documentNumber=17.604.011-4", None),
                          ("cursor", "next=YToxMA&status=ACTIVE", None), ("patch", "limit=abc", {"email": None, "address": {"street": "X"}})]:
    parts = [query.encode(), b"application/json; charset=utf-8", b"es-CL,es;q=0.9", b"24-04-2025",
             json.dumps(body, ensure_ascii=False).encode() if body is not None else b""]
    write("sandbox_request", name, SEP.join(parts))
