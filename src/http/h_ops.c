/*
 * h_ops.c - operational endpoints: health, readiness, Prometheus metrics and
 * the OpenAPI document (docs/api/openapi.json, compiled in).
 */
#include <string.h>

#include "core/alloc.h"
#include "http/handlers.h"
#include "http/metrics.h"
#include "service/register.h"

extern const unsigned char sl_openapi_json[];
extern const size_t sl_openapi_json_len;
extern const unsigned char sl_openapi_yaml[];
extern const size_t sl_openapi_yaml_len;

void h_healthz(sl_request *req, sl_response *resp)
{
    (void)req;
    sl_resp_json(resp, 200, json_pack("{s:s}", "status", "ok"));
}

void h_readyz(sl_request *req, sl_response *resp)
{
    /* ready: accepting, and the register answers */
    if (!sl_metrics_is_ready() || !sl_register_answers(req->st)) {
        sl_resp_problem(resp, 503, "Niet gereed", NULL, NULL);
        return;
    }
    sl_resp_json(resp, 200, json_pack("{s:s}", "status", "gereed"));
}

void h_metrics(sl_request *req, sl_response *resp)
{
    (void)req;
    size_t len;
    char *text = sl_metrics_text(&len);
    if (!text) {
        sl_resp_problem(resp, 503, "Onvoldoende geheugen", NULL, NULL);
        return;
    }
    resp->status = 200;
    resp->raw = text;
    resp->raw_len = len;
    resp->content_type = "text/plain; version=0.0.4";
}

/* A compiled-in document as the answer; anyone may fetch it from anywhere (ADR publish-openapi). */
static void document(sl_response *resp, const unsigned char *doc, size_t len, const char *type)
{
    char *copy = sl_malloc(len + 1);
    if (!copy) {
        sl_resp_problem(resp, 503, "Onvoldoende geheugen", NULL, NULL);
        return;
    }
    memcpy(copy, doc, len);
    resp->status = 200;
    resp->raw = copy;
    resp->raw_len = len;
    resp->content_type = type;
    sl_resp_header(resp, "Access-Control-Allow-Origin", "*");
}

void h_openapi(sl_request *req, sl_response *resp)
{
    (void)req;
    document(resp, sl_openapi_json, sl_openapi_json_len, "application/json");
}

void h_openapi_yaml(sl_request *req, sl_response *resp)
{
    (void)req;
    document(resp, sl_openapi_yaml, sl_openapi_yaml_len, "application/yaml");
}
