/*
 * commands.h - the subcommands of the `samenloop` tool. Each takes the
 * subcommand's own argv (argv[0] is its name, global options removed) and
 * returns the process exit code: 0 success, 1 failure, 2 wrong usage.
 */
#ifndef SL_CLI_COMMANDS_H
#define SL_CLI_COMMANDS_H

#include <jansson.h>
#include <stdbool.h>

#include "store/store.h"

/* The register path chosen by --db, SAMENLOOP_DB or the default. */
const char *cli_db_path(void);
/* Opens the register, printing why to stderr when it cannot. */
sl_store *cli_open_store(void);

/*
 * Parses a 16-digit nummeraanduiding id given as `what` (e.g. "--adres") to
 * command `cmd`; on failure says why on stderr and returns false (exit 2).
 */
bool cli_address_arg(const char *cmd, const char *what, const char *s, int64_t *id);

/* False, having said so on stderr, when argv holds more than its options
 * (getopt_long's optind): the command `cmd` takes no operands. */
bool cli_no_operands(const char *cmd, int argc, char **argv);

/*
 * Ends a listing whose items were gathered into arr (as_json) or printed a
 * line each (n of them): when status is 0, the array on stdout, or `none`
 * when nothing was listed; then frees arr and closes st. Returns status (the
 * caller has said why on stderr when it is not 0).
 */
int cli_list_end(sl_store *st, int status, bool as_json, json_t *arr, long n, const char *none);

/*
 * After a command that wrote to the processing log: anchors its heads
 * (service/logboek_anker.h) with the key that SAMENLOOP_LOGBOEK_SLEUTEL
 * names (unsigned when it is unset). Says why on stderr and returns false
 * when it cannot.
 */
bool cli_log_anchor(sl_store *st, const char *cmd);

/* Today in the local calendar (deadlines are days in the Netherlands). */
sl_date cli_today(void);

int cmd_import(int argc, char **argv);
int cmd_outbox(int argc, char **argv);
int cmd_signals(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_dossier(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_gen(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_logboek(int argc, char **argv);
int cmd_toestemming(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_token(int argc, char **argv);
int cmd_termijn(int argc, char **argv);
int cmd_dwangsom(int argc, char **argv);
int cmd_termijnen(int argc, char **argv);
int cmd_regels(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_copy(int argc, char **argv);
int cmd_opnameverzoek(int argc, char **argv);
int cmd_capaciteit(int argc, char **argv);
/* `samenloop plan SUB` from the register (cmd_opnames.c); argv[0] is SUB. */
int cli_plan_register(int argc, char **argv, const char *sub);

/* The active account `naam` as the actor of a command; says why on stderr when not.
 * *u must outlive *out (the viewer points into it). */
struct sl_user;
struct sl_actor;
bool cli_actor_of(sl_store *st, const char *cmd, const char *naam, struct sl_user *u,
                  struct sl_actor *out);

#endif
