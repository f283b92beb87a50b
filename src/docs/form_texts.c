/*
** Default texts of the security agreement and the authorisation letter, and
** the placeholder substitution the renderers use. See form_texts.h.
*/
#include "docs/form_texts.h"

#include <string.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/util.h"

const char FORM_TEXT_AGREEMENT[] =
    "为加强互联网信息安全管理，规范互联网信息服务活动，保障网络安全，维护国家安全、社会公共利益"
    "和公民、法人及其他组织的合法权益，根据《中华人民共和国网络安全法》《互联网信息服务管理办法》"
    "《非经营性互联网信息服务备案管理办法》等法律、行政法规和部门规章的规定，甲方{subject_name}"
    "与乙方{provider_name}经平等协商，就甲方通过乙方提供的互联网接入服务开办的网站（{site_list}）"
    "的信息安全事宜订立本协议，双方共同遵守。\n"
    "## 第一条　协议范围\n"
    "本协议适用于甲方通过乙方接入互联网的上述网站，包括其全部栏目、子域名以及通过上述网站提供的"
    "各类互联网信息服务。甲方此后通过乙方新增网站或者变更网站信息的，新增或者变更后的网站同样适用"
    "本协议。\n"
    "## 第二条　甲方的备案义务\n"
    "（一）甲方应当依照《非经营性互联网信息服务备案管理办法》的规定履行备案手续。网站在取得备案"
    "编号之前，不得开通，不得提供互联网信息服务。\n"
    "（二）甲方保证向乙方提交的主体信息、网站信息、负责人信息、接入信息及证件材料真实、准确、"
    "完整、有效，并对其真实性承担法律责任。\n"
    "（三）备案信息发生变化的，甲方应当自变化之日起三十日内通过乙方办理备案变更手续；网站停止"
    "提供服务或者不再使用乙方接入服务的，甲方应当及时办理注销备案或者取消接入手续。\n"
    "（四）甲方应当在网站开通时于网站主页底部中央位置标明备案编号，并按照要求链接至工业和信息化部"
    "备案管理系统网址。\n"
    "（五）甲方拟从事新闻、出版、教育、医疗保健、药品和医疗器械、文化、广播电影电视节目等互联网"
    "信息服务，依照法律、行政法规以及国家有关规定须经有关主管部门审核同意的，应当在取得有关主管"
    "部门同意的文件后方可提供相应服务，并在备案时如实填报前置审批信息。甲方从事经营性互联网信息"
    "服务的，应当依法取得互联网信息服务增值电信业务经营许可证。\n"
    "## 第三条　信息内容管理\n"
    "甲方不得利用网站制作、复制、发布、传播含有下列内容的信息：\n"
    "（一）反对宪法所确定的基本原则的；\n"
    "（二）危害国家安全，泄露国家秘密，颠覆国家政权，破坏国家统一的；\n"
    "（三）损害国家荣誉和利益的；\n"
    "（四）煽动民族仇恨、民族歧视，破坏民族团结的；\n"
    "（五）破坏国家宗教政策，宣扬邪教和封建迷信的；\n"
    "（六）散布谣言，扰乱社会秩序，破坏社会稳定的；\n"
    "（七）散布淫秽、色情、赌博、暴力、凶杀、恐怖或者教唆犯罪的；\n"
    "（八）侮辱或者诽谤他人，侵害他人合法权益的；\n"
    "（九）含有法律、行政法规禁止的其他内容的。\n"
    "甲方应当建立信息发布审核制度，对网站发布的信息进行管理。甲方发现网站传输的信息明显属于前款所列"
    "内容之一的，应当立即停止传输，保存有关记录，并向国家有关机关报告。\n"
    "## 第四条　安全保护措施\n"
    "（一）甲方应当建立健全网络与信息安全管理制度和操作规程，指定网络与信息安全责任人，并将其姓名"
    "及联系方式告知乙方；责任人变更的，应当及时告知乙方。\n"
    "（二）甲方应当采取防范计算机病毒和网络攻击、网络侵入等危害网络安全行为的技术措施，及时修补系统"
    "和应用程序的安全漏洞，妥善保管服务器、网站管理后台及相关系统的账号、口令和密钥。\n"
    "（三）甲方网站提供用户注册、信息发布、即时通信、评论等交互式信息服务的，应当依法要求用户提供"
    "真实身份信息，并建立信息巡查、先审后发和违法信息处置制度。\n"
    "（四）甲方不得利用乙方网络资源从事危害网络安全的活动，不得发起或者参与网络攻击，不得传播计算机"
    "病毒等恶意程序，不得发送垃圾电子邮件，不得为他人从事上述活动提供技术支持或者其他便利。\n"
    "（五）甲方收集、使用个人信息的，应当遵循合法、正当、必要的原则，依法保护用户个人信息的安全。\n"
    "## 第五条　日志留存\n"
    "甲方应当依照国家有关规定记录并留存网站的网络日志，留存时间不少于六个月。网站提供信息发布服务的"
    "，"
    "甲方还应当记录所发布的信息内容及其发布时间、互联网地址或者域名，记录备份应当保存六十日，并在"
    "国家有关机关依法查询时予以提供。\n"
    "## 第六条　配合监督检查\n"
    "甲方应当配合通信管理局、公安机关、网信部门等国家有关机关依法开展的监督检查、备案信息核查、"
    "网络安全检查和案件调查工作，如实提供有关信息、资料和必要的技术支持。甲方应当配合乙方开展备案"
    "信息核验和年度核查工作，并保证备案所留联系方式畅通有效。\n"
    "## 第七条　乙方的权利和义务\n"
    "（一）乙方负责核验甲方提交的备案信息，按照规定代为向通信管理局提交备案申请，并依法履行互联网"
    "接入服务提供者的网络与信息安全管理责任。\n"
    "（二）有下列情形之一的，乙方有权立即暂停或者终止为甲方网站提供接入服务，并依法向有关主管部门"
    "报告：1. 网站未取得备案编号即开通服务的；2. 备案信息不真实、不准确，或者经核查无法与网站负责人"
    "取得联系的；3. 网站制作、复制、发布、传播本协议第三条所列信息的；4. 网站存在严重安全漏洞或者"
    "遭受攻击，危及乙方网络安全，或者甲方从事危害网络安全活动的；5. 有关主管部门依法要求暂停或者"
    "停止服务的。\n"
    "（三）乙方依照前项规定暂停服务的，应当在条件允许时及时通知甲方；导致暂停的情形消除后，乙方"
    "可以恢复服务，有关主管部门另有要求的除外。\n"
    "（四）乙方对在提供服务过程中获知的甲方信息及个人信息负有保密义务，除法律、行政法规另有规定或者"
    "国家有关机关依法要求外，不得向任何第三方提供。\n"
    "## 第八条　违约责任\n"
    "甲方违反本协议约定或者国家有关规定的，由甲方自行承担相应的法律责任；给乙方或者第三方造成损失的"
    "，"
    "甲方应当依法予以赔偿。乙方依照本协议第七条的规定暂停或者终止服务的，不视为违约，不承担由此"
    "产生的责任。\n"
    "## 第九条　协议期限\n"
    "本协议自双方签字（盖章）之日起生效，至甲方上述网站全部注销备案或者不再使用乙方接入服务之日"
    "终止。本协议终止不影响双方在协议有效期内已经产生的权利和义务。\n"
    "## 第十条　其他\n"
    "本协议未尽事宜，依照国家有关法律、行政法规和部门规章的规定执行，双方也可以另行签订补充协议。"
    "本协议一式两份，具有同等法律效力，由乙方按照备案管理要求留存备查。\n";

const char FORM_TEXT_AUTHORISATION[] =
    ">> {provider_name}：\n"
    "兹授权{site_principal}（{site_principal_id_type}：{site_principal_id}）作为本单位（本人）的"
    "网站负责人，代表{subject_name}办理下列网站的互联网信息服务备案相关事宜：{site_list}。\n"
    "被授权人的代理权限为：填写并提交备案信息；办理身份核验及现场核验；签署、提交和领取备案相关材料"
    "；"
    "接受通信管理局和接入服务提供者对备案信息的核查；办理上述网站备案信息的变更、注销及取消接入"
    "手续。\n"
    "被授权人在上述权限范围内所提交的信息和材料，授权人均予以认可，并对其真实性、准确性承担法律"
    "责任。\n"
    "本授权书自授权人签字（盖章）之日起生效，至上述网站注销备案或者授权人以书面形式撤销授权之日止。"
    "\n"
    "特此授权。\n";

const char *const FORM_TEXT_PLACEHOLDERS[] = {
    "subject_name",
    "subject_address",
    "subject_principal",
    "legal_rep",
    "provider_name",
    "provider_address",
    "site_list",
    "site_principal",
    "site_principal_id_type",
    "site_principal_id",
    "date",
    "app_number",
    NULL,
};

/* Length of the placeholder name at s (just after '{') when s holds a
** well-formed "{name}", else 0. Names are [a-z0-9_]. */
static size_t name_len(const char *s) {
    size_t n = 0;
    while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '_')
        n++;
    return n > 0 && s[n] == '}' ? n : 0;
}

static bool name_known(const char *s, size_t n) {
    for (const char *const *k = FORM_TEXT_PLACEHOLDERS; *k; k++)
        if (strlen(*k) == n && memcmp(*k, s, n) == 0) return true;
    return false;
}

int form_text_check(const char *text, Arena *a, char **bad) {
    if (bad) *bad = NULL;
    if (!text) return -ERR_FIELD_REQUIRED;
    if (!utf8_valid(text, strlen(text))) return -ERR_FIELD_UTF8;
    for (const char *s = text; *s; s++) {
        if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) {
            s++;
            continue;
        }
        if (*s == '}') goto fail_at;
        if (*s != '{') continue;
        size_t n = name_len(s + 1);
        if (n == 0 || !name_known(s + 1, n)) goto fail_at;
        s += n + 1;
        continue;
    fail_at:
        if (bad && a) {
            size_t k = 0;
            while (s[k] && s[k] != '\n' && k < 40 && (k == 0 || s[k - 1] != '}'))
                k++;
            *bad = arena_strndup(a, s, k);
        }
        return -ERR_PDF_PLACEHOLDER;
    }
    return 0;
}

static const char *var_value(const FormTextVar *vars, size_t n, const char *s, size_t len) {
    for (size_t i = 0; i < n; i++)
        if (strlen(vars[i].name) == len && memcmp(vars[i].name, s, len) == 0)
            return vars[i].value ? vars[i].value : "";
    return NULL;
}

char *form_text_expand(Arena *a, const char *text, const FormTextVar *vars, size_t n) {
    Buf b;
    buf_init(&b, a);
    buf_reserve(&b, strlen(text) + 256);
    buf_reset(&b); /* buf_reserve leaves the fresh buffer unterminated */
    for (const char *s = text; *s; s++) {
        if ((s[0] == '{' && s[1] == '{') || (s[0] == '}' && s[1] == '}')) {
            buf_putc(&b, *s++);
            continue;
        }
        size_t len = *s == '{' ? name_len(s + 1) : 0;
        const char *v = len ? var_value(vars, n, s + 1, len) : NULL;
        if (!v) {
            buf_putc(&b, *s);
            continue;
        }
        buf_puts(&b, v);
        s += len + 1;
    }
    return buf_take(&b);
}
