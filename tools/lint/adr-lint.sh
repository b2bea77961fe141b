#!/bin/sh
# adr-lint.sh RESULT - lints docs/api/openapi.json with the NL API Design Rules
# ruleset Logius publishes, through tools/lint/ruleset.yaml (which extends it),
# and writes one line to RESULT for the closing summary of `make test`.
# Logius's file is not part of this repository: it is expected next to the
# checkout, in ../shared/adr/ruleset.yaml (CI has it). Without it the stage says
# so and is skipped (decision 105). Exit 1 on any error, or when the linter
# does not catch a planted one (a lint that cannot fail proves nothing).
set -eu
cd "$(dirname "$0")/../.."
result=$1
logius=../shared/adr/ruleset.yaml
spectral=tools/lint/node_modules/.bin/spectral
mkdir -p "$(dirname "$result")"

if [ ! -f "$logius" ]; then
    msg="adr-lint: SKIPPED: Logius's ruleset is not at $logius (next to this checkout);"
    msg="$msg get media/linter.yaml from github.com/Logius-standaarden/API-Design-Rules"
    msg="$msg or https://static.developer.overheid.nl/adr/ruleset.yaml and put it there"
    echo "$msg" | tee "$result"
    exit 0
fi

lint() { "$spectral" lint --quiet -r tools/lint/ruleset.yaml "$1"; }

if ! lint docs/api/openapi.json; then
    echo "adr-lint: FAILED: docs/api/openapi.json breaks the API Design Rules" | tee "$result"
    exit 1
fi

# The planted error: a snake_case query key, as the document had before.
planted=$(mktemp -d)
trap 'rm -rf "$planted"' EXIT
sed 's/"name": "perPagina"/"name": "per_pagina"/' docs/api/openapi.json > "$planted/openapi.json"
if lint "$planted/openapi.json" > "$planted/out" 2>&1 ||
   ! grep -q 'nlgov:query-keys-camel-case' "$planted/out"; then
    cat "$planted/out"
    echo "adr-lint: FAILED: the linter did not catch a snake_case query key" | tee "$result"
    exit 1
fi
echo "adr-lint: docs/api/openapi.json, 0 errors" | tee "$result"
