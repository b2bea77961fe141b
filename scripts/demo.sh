#!/bin/sh
# demo.sh BINARY DIR [WEB_ROOT] [--nieuw] - the README's run command: fictional demo
# deliveries dated a year ago, loaded into DIR/samenloop.db, the same register
# delivered each quarter since, the last one today (decisions 232, 234), one demo
# account per role (random passwords, written once to DIR/accounts.txt), then the
# server with the web UI (WEB_ROOT, the built web/dist) on http://127.0.0.1:8080.
# Run again, it serves the register and accounts that are there (what was done in
# the browser stays); --nieuw or DEMO_NIEUW=1 starts anew.
# There is no built-in default account: these are made with the CLI, as an
# administrator would.
set -eu
NIEUW=${DEMO_NIEUW:-0}
for a in "$@"; do
  shift
  if [ "$a" = "--nieuw" ]; then NIEUW=1; else set -- "$@" "$a"; fi
done
BIN=$1
DIR=$2
WEB=$(cd "${3:-web/dist}" 2>/dev/null && pwd || true)
DB="$DIR/samenloop.db"

serve() {
  echo
  echo "Demo accounts (name, password, role) - also in $DIR/accounts.txt:"
  cat "$DIR/accounts.txt"
  echo
  echo "Web UI: open http://127.0.0.1:8080/ and log in with one of the accounts above."
  exec "$BIN" --db "$DB" serve --listen 127.0.0.1:8080 --set "web_root=$WEB"
}

# DIR/.klaar is written last: a run broken off halfway is started anew
if [ "$NIEUW" != 1 ] && [ -f "$DIR/.klaar" ] && [ -f "$DB" ]; then
  echo "The demo register in $DIR is kept (start anew: make run DEMO_NIEUW=1)."
  serve
fi

rm -rf "$DIR" && mkdir -p "$DIR"
# The register on today's clock (decision 232): its first delivery a year ago, the
# calibrated state drawn on that day, so that every term, penalty, lead time and
# escalation the server counts from today reads as a real user would see it.
TODAY=$(date +%F)
BASIS=$(date -d "$TODAY -1 year" +%F)
SIZES="--seed 2021 --ncg 26800 --others 40000 --basisdatum $BASIS" # split into words
"$BIN" gen --out "$DIR" $SIZES --invalid 0.002
"$BIN" --db "$DB" import --rejects "$DIR/afgewezen.csv" \
  "$DIR/bag_adressen.csv" "$DIR/ncg_trajecten.csv" "$DIR/img_schades.csv"
# the same register each quarter since, the last one today (decisions 132, 234): claims
# and trajectories moved on, new claims, a few addresses gone; its changes raise the
# signals of the work queues. A claim's phase lasts weeks: a year apart, nearly every
# claim skips phases; a quarter apart many move one step, which completes a stay
# the lead times can count (decision 233).
for PEIL in $(date -d "$BASIS +3 months" +%F) $(date -d "$BASIS +6 months" +%F) \
            $(date -d "$BASIS +9 months" +%F) "$TODAY"; do
  "$BIN" gen --out "$DIR/$PEIL" $SIZES --peildatum "$PEIL"
  "$BIN" --db "$DB" import --json "$DIR/$PEIL/bag_adressen.csv" \
    "$DIR/$PEIL/ncg_trajecten.csv" "$DIR/$PEIL/img_schades.csv" > "$DIR/$PEIL/import.json"
done
"$BIN" --db "$DB" signals list --json > "$DIR/signalen.json"
"$BIN" --db "$DB" stats
echo
"$BIN" --db "$DB" stats --doorlooptijden
echo
# the quarters in date order (the folders are named by their day)
python3 "$(dirname "$0")/demo_summary.py" "$DIR/signalen.json" "$DIR"/*/import.json

# a resident of an address where both tracks run
ADRES=$(sqlite3 "$DB" "SELECT printf('%016d', nummeraanduiding_id) FROM classificatie
                       WHERE potentieel = 'beide_lopend' ORDER BY nummeraanduiding_id LIMIT 1")
# the case workers the deliveries name most often on open signals: the demo's
# zaakbegeleider and bewonersbegeleider are those people ("Aan mij persoonlijk")
person() { # rol org
  sqlite3 "$DB" "SELECT a.persoon FROM signaal_adressaat a JOIN signaal s ON s.id = a.signaal_id
                 WHERE a.rol = '$1' AND a.org = '$2' AND a.persoon <> '' AND s.status = 'open'
                 GROUP BY a.persoon ORDER BY count(*) DESC, a.persoon LIMIT 1"
}
ZB_PERSOON=$(person zaakbegeleider IMG)
BB_PERSOON=$(person bewonersbegeleider NCG)
umask 077
: > "$DIR/accounts.txt"
add() { # name role [options...]
  name=$1; shift
  pw=$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | cut -c1-20)
  printf '%s\n' "$pw" | "$BIN" --db "$DB" user add --name "$name" "$@" --password-stdin
  printf '%-22s %-20s %s\n' "$name" "$pw" "$*" >> "$DIR/accounts.txt"
}
add beheerder --role beheerder
add zaakbegeleider --role zaakbegeleider --org IMG --weergavenaam "$ZB_PERSOON"
add bewonersbegeleider --role bewonersbegeleider --org NCG --weergavenaam "$BB_PERSOON"
add svip-img --role svip --org IMG
add svip-ncg --role svip --org NCG
add coordinator --role coordinator
add interventieteam --role interventieteam
add planner --role planner
add management --role management
add gemeente-groningen --role gemeente --gemeente 0014
# IMG's data steward, also appointed for the BAG addresses; NCG's (decision 90)
add datasteward --role datasteward --org IMG --levert-adressen
add datasteward-ncg --role datasteward --org NCG
add bewoner --role bewoner --adres "$ADRES"

# consent, as it comes about (decisions 96-98): two NCG addresses whose claims are all
# handled, outside the statute, so IMG sees the trajectory only with consent
pick() { # the n-th such address
  sqlite3 "$DB" "SELECT printf('%016d', c.nummeraanduiding_id) FROM classificatie c
                 JOIN traject t USING (nummeraanduiding_id)
                 WHERE c.potentieel = 'melding_afgehandeld' ORDER BY 1 LIMIT 1 OFFSET $1"
}
consent() { "$BIN" --db "$DB" toestemming "$@" > /dev/null; }
WACHT=$(pick 0)
GEGEVEN=$(pick 1)
# a signed form the zaakbegeleider recorded: it waits for a colleague at IMG (svip-img)
consent record --adres "$WACHT" --by zaakbegeleider --kanaal post --kenmerk GUO-DEMO-0001 \
  --gegeven-op "$TODAY"
# a signed form the bewonersbegeleider recorded and svip-ncg confirmed: in effect
ID=$("$BIN" --db "$DB" toestemming record --adres "$GEGEVEN" --by bewonersbegeleider \
  --kanaal balie --kenmerk GUO-DEMO-0002 --gegeven-op "$TODAY" | sed 's/.*"id":\([0-9]*\).*/\1/')
consent confirm "$ID" --by svip-ncg
# the resident's own consent, given in Mijn woning: in effect at once
consent record --adres "$ADRES" --by bewoner
echo
echo "Consent: $GEGEVEN given and confirmed; $WACHT waits for a colleague at IMG"
echo "(log in as svip-img to confirm it); the resident at $ADRES gave it in Mijn woning."

# a coordinator sees only the dossiers they coordinate (decision 101): the demo's
# coordinator takes the resident's address and a few more combination dossiers in Groningen
for id in $ADRES $(sqlite3 "$DB" "SELECT printf('%016d', c.nummeraanduiding_id)
                    FROM combinatiedossier c JOIN adres a USING (nummeraanduiding_id)
                    WHERE c.actueel = 1 AND a.gemeentecode = '0014'
                    ORDER BY c.nummeraanduiding_id LIMIT 20"); do
  "$BIN" --db "$DB" dossier coordinator "$id" --name coordinator --by demo > /dev/null || true
done
# the interventieteam sees its escalations: rule 8 raises them for dossiers stuck a year,
# the terms the rest (decisions 186-191). The register's last delivery is today's
# (decision 232), so the sweep's day is the server's.
"$BIN" --db "$DB" sweep --today "$TODAY"
: > "$DIR/.klaar"
echo
echo "API token for the zaakbegeleider: $("$BIN" --db "$DB" token create --user zaakbegeleider)"
echo "Try: curl -H 'Authorization: Bearer <token>' http://127.0.0.1:8080/api/v1/adressen/$ADRES"
serve
