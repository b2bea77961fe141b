#!/usr/bin/env python3
"""Writes a JSON document as block-style YAML 1.2 (the OpenAPI document's YAML form).

Usage: json_to_yaml.py INPUT.json OUTPUT.yaml

JSON is itself valid YAML 1.2, but nobody reads a YAML file written as JSON; this
tiny emitter writes mappings and sequences as indented blocks. It needs no YAML
library: keys and strings are written plain when YAML reads them back as the same
string, else double-quoted with JSON's escapes (valid in YAML's double-quoted
style), so the result loads back to exactly the input.
"""
import json
import re
import sys

# Plain scalars YAML 1.2 (core schema) and 1.1 readers both keep as strings.
PLAIN = re.compile(r'^[A-Za-z_][A-Za-z0-9_./()+-]*(?: [A-Za-z0-9_./()+-]+)*$')
RESERVED = {'true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n', '~'}


def scalar(value):
    if value is None:
        return 'null'
    if value is True:
        return 'true'
    if value is False:
        return 'false'
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if PLAIN.match(value) and value.lower() not in RESERVED:
        return value
    return json.dumps(value, ensure_ascii=False)


def emit(value, indent, out):
    pad = '  ' * indent
    if isinstance(value, dict):
        for key, item in value.items():
            head = pad + scalar(str(key)) + ':'
            if isinstance(item, (dict, list)) and item:
                out.append(head)
                emit(item, indent + 1, out)
            else:
                out.append(head + ' ' + inline(item))
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)) and item:
                # the first line of the item goes after the dash
                sub = []
                emit(item, indent + 1, sub)
                out.append(pad + '- ' + sub[0][len(pad) + 2:])
                out.extend(sub[1:])
            else:
                out.append(pad + '- ' + inline(item))
    else:
        out.append(pad + inline(value))


def inline(value):
    if isinstance(value, dict):
        return '{}'
    if isinstance(value, list):
        return '[]'
    return scalar(value)


def main():
    source, target = sys.argv[1:3]
    with open(source, encoding='utf-8') as f:
        doc = json.load(f)
    out = ['# Generated from %s by scripts/json_to_yaml.py: edit the JSON.'
           % source.split('/')[-1]]
    emit(doc, 0, out)
    with open(target, 'w', encoding='utf-8') as f:
        f.write('\n'.join(out) + '\n')


if __name__ == '__main__':
    main()
