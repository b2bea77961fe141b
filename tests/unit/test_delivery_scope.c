/*
 * test_delivery_scope.c - a data steward delivers and sees their own body's
 * kinds; BAG addresses only when appointed; the hold threshold (decision 90, 91).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/delivery_scope.h"

static const sl_steward img = {SL_ROLE_DATASTEWARD, SL_ACCOUNT_ORG_IMG, false};
static const sl_steward ncg = {SL_ROLE_DATASTEWARD, SL_ACCOUNT_ORG_NCG, false};
static const sl_steward ncg_bag = {SL_ROLE_DATASTEWARD, SL_ACCOUNT_ORG_NCG, true};
static const sl_steward bodiless = {SL_ROLE_DATASTEWARD, SL_ACCOUNT_ORG_NONE, false};
static const sl_steward case_manager = {SL_ROLE_ZAAKBEGELEIDER, SL_ACCOUNT_ORG_IMG, true};

static void refused_because(const sl_steward *s, sl_kind kind, const char *says)
{
    const char *why = NULL;
    assert_false(sl_steward_may_deliver(s, kind, &why));
    assert_non_null(why);
    if (!strstr(why, says))
        fail_msg("reason '%s' lacks '%s'", why, says);
}

static void each_body_delivers_its_own_kind(void **state)
{
    (void)state;
    const char *why = "x";
    assert_true(sl_steward_may_deliver(&img, SL_KIND_IMG, &why));
    assert_null(why);
    assert_true(sl_steward_may_deliver(&ncg, SL_KIND_NCG, NULL));
    refused_because(&ncg, SL_KIND_IMG, "gegevens van IMG");
    refused_because(&img, SL_KIND_NCG, "gegevens van NCG");
    refused_because(&img, SL_KIND_BAG, "aangewezen");
    assert_true(sl_steward_may_deliver(&ncg_bag, SL_KIND_BAG, NULL));
    refused_because(&bodiless, SL_KIND_IMG, "geen organisatie");
    refused_because(&case_manager, SL_KIND_IMG, "datasteward");
    refused_because(&img, SL_KIND_UNKNOWN, "onbekende soort");
}

static void refused_kinds_are_a_mask(void **state)
{
    (void)state;
    assert_int_equal(sl_steward_refused_kinds(&img), (1u << SL_KIND_BAG) | (1u << SL_KIND_NCG));
    assert_int_equal(sl_steward_refused_kinds(&ncg_bag), 1u << SL_KIND_IMG);
    unsigned all = (1u << SL_KIND_BAG) | (1u << SL_KIND_NCG) | (1u << SL_KIND_IMG);
    assert_int_equal(sl_steward_refused_kinds(&bodiless), all);
    assert_int_equal(sl_steward_refused_kinds(&case_manager), all);
}

static void each_body_sees_its_own_and_the_addresses(void **state)
{
    (void)state;
    assert_true(sl_steward_may_see(&img, SL_KIND_IMG));
    assert_false(sl_steward_may_see(&img, SL_KIND_NCG));
    assert_true(sl_steward_may_see(&img, SL_KIND_BAG));
    assert_false(sl_steward_may_see(&ncg, SL_KIND_IMG));
    assert_false(sl_steward_may_see(&bodiless, SL_KIND_IMG));
    assert_true(sl_steward_may_see(&bodiless, SL_KIND_BAG));
    assert_false(sl_steward_may_see(&case_manager, SL_KIND_IMG));
}

static void more_than_the_share_is_held(void **state)
{
    (void)state;
    assert_false(sl_absent_share_exceeds(5, 100, 5));  /* exactly 5%: applied */
    assert_true(sl_absent_share_exceeds(6, 100, 5));
    assert_true(sl_absent_share_exceeds(11876, 12000, 5));
    assert_false(sl_absent_share_exceeds(0, 100, 0));  /* nothing to mark */
    assert_true(sl_absent_share_exceeds(1, 100, 0));
    assert_false(sl_absent_share_exceeds(100, 100, 100));
    assert_false(sl_absent_share_exceeds(5000000, 100000000, 5)); /* no overflow */
    assert_true(sl_absent_share_exceeds(5000001, 100000000, 5));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_body_delivers_its_own_kind),
        cmocka_unit_test(refused_kinds_are_a_mask),
        cmocka_unit_test(each_body_sees_its_own_and_the_addresses),
        cmocka_unit_test(more_than_the_share_is_held),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
