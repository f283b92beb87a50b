/*
** The road of an application.
*/
#include "rules/road.h"

#include <string.h>

#include "core/i18n.h"

/* The stage an application in state s is at: 0 filling in, 1 provider,
** 2 SMS, 3 administration, 4 filed. */
static int stage_of(AppState s) {
    switch (s) {
    case STATE_DRAFT:
        return 0;
    case STATE_PROVIDER_REVIEW:
    case STATE_PROVIDER_RETURNED:
        return 1;
    case STATE_TO_REGULATOR:
    case STATE_SMS_VERIFICATION:
        return 2;
    case STATE_REGULATOR_REVIEW:
    case STATE_REGULATOR_RETURNED:
        return 3;
    case STATE_APPROVED:
        return 4;
    default:
        return -1;
    }
}

static const char *now_text(Arena *a, AppState s, Lang l, const RoadFacts *f) {
    switch (s) {
    case STATE_DRAFT:
        return T(l, "请逐步填写，最后在“信息核实提交”打印材料、上传扫描件，并提交给接入商。");
    case STATE_PROVIDER_REVIEW:
        return arena_printf(
            a,
            T(l, "接入商正在核实，通常在 %s 小时内完成，可能致电网站负责人。请按下方"
                 "材料清单把纸质材料交给接入商；需要现场核验的，请按下方地址和时间前往。"),
            arena_printf(a, "%d", f->review_hours));
    case STATE_PROVIDER_RETURNED:
        return T(l, "请按下方退回原因逐项修改，然后填写说明并重新提交。退回后 45 "
                    "天内未处理的申请将被关闭。");
    case STATE_TO_REGULATOR:
        return T(l, "接入商已核实通过，即将报送管局。报送后请留意负责人手机上的工信部核验短信。");
    case STATE_SMS_VERIFICATION:
        if (f->sms_deadline && *f->sms_deadline)
            return arena_printf(a,
                                T(l, "工信部已向负责人手机发送核验短信，请在 %s（北京时间）前按短信"
                                     "提示完成验证；逾期或输错 5 次，申请将被退回。"),
                                f->sms_deadline);
        return T(l, "工信部将向负责人手机发送核验短信，请在收到后 24 小时内按短信提示完成验证。");
    case STATE_REGULATOR_REVIEW:
        return T(l, "管局审核中，您无需操作；结果会通过站内信和邮件通知您。");
    case STATE_REGULATOR_RETURNED:
        return T(l, "管局退回：请按下方说明和退回原因修改后重新提交。");
    case STATE_APPROVED:
        return T(l,
                 "已完成。请在网站首页底部展示网站备案号，并链接到 https://beian.miit.gov.cn/ 。");
    case STATE_WITHDRAWN:
        return T(l, "申请已撤回，无需操作。如需备案，可重新开始一份申请。");
    case STATE_CLOSED:
        return T(l, "申请退回后 45 天未处理，已关闭。如需备案，请重新开始一份申请。");
    default:
        return "";
    }
}

void road_build(Arena *a, AppKind k, AppState s, Lang l, const RoadFacts *f, Road *out) {
    memset(out, 0, sizeof *out);
    bool sms = app_kind_needs_sms(k);
    const char *reg =
        f->regulator_days_max
            ? arena_printf(a, T(l, "%s–%s 个工作日"), arena_printf(a, "%d", f->regulator_days_min),
                           arena_printf(a, "%d", f->regulator_days_max))
            : T(l, "1–20 个工作日");
    struct {
        int stage;
        AppState state;
        const char *time;
    } rows[] = {
        {1, STATE_PROVIDER_REVIEW,
         arena_printf(a, T(l, "约 %s 小时"), arena_printf(a, "%d", f->review_hours))},
        {2, STATE_SMS_VERIFICATION, T(l, "24 小时内")},
        {3, STATE_REGULATOR_REVIEW, reg},
        {4, STATE_APPROVED, ""},
    };
    int at = stage_of(s);
    bool stopped = s == STATE_PROVIDER_RETURNED || s == STATE_REGULATOR_RETURNED;
    out->stages[out->n++] = (RoadStage){app_state_label(k, STATE_DRAFT, l), "",
                                        at == 0  ? ROAD_NOW
                                        : at > 0 ? ROAD_DONE
                                                 : ROAD_TODO};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (rows[i].stage == 2 && !sms) continue;
        RoadMark m = at > rows[i].stage    ? ROAD_DONE
                     : at == rows[i].stage ? (stopped ? ROAD_STOPPED : ROAD_NOW)
                                           : ROAD_TODO;
        if (rows[i].stage == 4 && at == 4) m = ROAD_DONE;
        out->stages[out->n++] = (RoadStage){app_state_label(k, rows[i].state, l), rows[i].time, m};
    }
    out->now = now_text(a, s, l, f);
}
