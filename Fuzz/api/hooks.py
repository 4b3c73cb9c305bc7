"""schemathesis hooks for Fuzz/api/run.sh (loaded through `hooks` in schemathesis.toml).

Push records must follow rules between their members that JSON Schema cannot say (SPEC §2.3):
every register's dot is covered by the record's vector, replica ids are non-zero, stamps are at
most two days ahead of the server's clock, an ordinary field has one register, no dot appears
twice in a field. Random records almost never do, so without help every generated push is
refused with 422 and the merge, the store and the pull of what was merged are never fuzzed.

So three positive pushes in four are repaired before they are sent: the vector is made to cover
the dots, zero replica ids become 1, stamps are brought under the server's clock, duplicate
registers are dropped. Field names, values, ids and everything else stay as generated. The other
quarter, and every negative case, go out as generated, so the refusals are still tested.

Logins: the fuzzer cannot guess a password, so every login would fail. Half of the logins whose
user name and password the schema allows are sent with the credentials of run.sh's throwaway
user instead (FOLIO_API_FUZZ_USER, FOLIO_API_FUZZ_PASSWORD), keeping the generated device name and
other members: a positive one must then log in, and a negative one (its device name or shape is
wrong, since the user name and password were right) must still be refused.

Every fuzzed login comes from its own client address (`X-Forwarded-For`; run.sh names 127.0.0.1
as the trusted proxy). The login throttle makes an address that failed wait, so without this the
fuzzer's failed logins would throttle schemathesis' own logins for the device token, which come
from 127.0.0.1 itself and never fail.
"""

import json
import os
import re
import time
import zlib

import schemathesis

_HEX = set("0123456789abcdefABCDEF")
_logins = 0
_USER_NAME = re.compile(r"[A-Za-z0-9._-]{1,64}")


def _replica(text):
    """The replica id `text` stands for, or None when the server would not read it as one."""
    if not isinstance(text, str) or not 1 <= len(text) <= 16 or not set(text) <= _HEX:
        return None
    return int(text, 16)


def _whole(number):
    """`number` as an int when it is a whole JSON number (generators also write 3 as 3.0), else None."""
    if isinstance(number, bool) or not isinstance(number, (int, float)):
        return None
    if isinstance(number, float) and not number.is_integer():
        return None
    return int(number)


def _repair(record, horizon):
    registers = record.get("registers")
    vector = record.get("vector")
    if not isinstance(registers, list) or not isinstance(vector, dict):
        return
    covered = {}
    for key, counter in vector.items():
        replica, counter = _replica(key), _whole(counter)
        if replica and counter is not None and counter > 0:
            covered[replica] = max(covered.get(replica, 0), counter)
    kept, lww_fields, field_dots = [], set(), set()
    for register in registers:
        if not isinstance(register, dict) or not isinstance(register.get("dot"), dict):
            kept.append(register)
            continue
        dot = register["dot"]
        replica = _replica(dot.get("replica"))
        counter = _whole(dot.get("counter"))
        if replica is None or counter is None:
            kept.append(register)
            continue
        if replica == 0:
            replica = 1
            dot["replica"] = "0000000000000001"
        field = register.get("field")
        if isinstance(field, str):
            if (field, replica, counter) in field_dots:
                continue
            if not field.startswith("tag:"):
                if field in lww_fields:
                    continue
                lww_fields.add(field)
            field_dots.add((field, replica, counter))
        stamp = _whole(register.get("stamp"))
        if stamp is not None and stamp > horizon:
            register["stamp"] = stamp % horizon
        if counter > 0:
            covered[replica] = max(covered.get(replica, 0), counter)
        kept.append(register)
    if kept:
        record["registers"] = kept
    record["vector"] = {f"{replica:016x}": counter for replica, counter in sorted(covered.items())}


def _checksum(body):
    return zlib.crc32(json.dumps(body, sort_keys=True, default=str).encode())


@schemathesis.hook
def map_case(context, case):
    meta = case.meta
    body = case.body
    if meta is None or not isinstance(body, dict):
        return case
    if case.operation.path == "/v1/login":
        global _logins
        _logins += 1
        case.headers = {**(case.headers or {}), "X-Forwarded-For": "10.%d.%d.%d" % (_logins >> 16 & 255, _logins >> 8 & 255, _logins & 255)}
        user, password = os.environ.get("FOLIO_API_FUZZ_USER"), os.environ.get("FOLIO_API_FUZZ_PASSWORD")
        generated_user, generated_password = body.get("user"), body.get("password")
        if (
            user and password
            and isinstance(generated_user, str) and _USER_NAME.fullmatch(generated_user)
            and isinstance(generated_password, str) and 1 <= len(generated_password.encode("utf-8", "surrogatepass")) <= 1024
            and _checksum(body) % 2 == 0
        ):
            body["user"], body["password"] = user, password
        return case
    if not meta.generation.mode.is_positive:
        return case
    if case.operation.path != "/v1/push" or not isinstance(body.get("records"), list):
        return case
    if _checksum(body) % 4 == 0:
        return case
    horizon = int(time.time() * 1000) << 16
    for record in body["records"]:
        if isinstance(record, dict):
            _repair(record, horizon)
    return case
