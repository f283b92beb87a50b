/*
** The interface's code table (see codes.h). Texts are ours, written from the
** meanings the specification gives each code.
*/
#include "regulator/codes.h"

#include <stddef.h>

typedef struct CodeRow {
    int code;
    const char *zh, *en;
} CodeRow;

/* In code order. */
static const CodeRow code_rows[] = {
    /* Method-level msg_code (§3-4) */
    {0, "操作成功", "Done"},
    {1, "操作成功，数据已全部下载", "Done; all data has been downloaded"},
    {2, "暂无可下载的数据", "There is no data to download"},
    {3, "还有数据待下载，请继续调用下载接口", "More data is waiting; call download again"},
    {4, "用户名错误", "Wrong user name"},
    {5, "密码错误", "Wrong password"},
    {6, "解密失败", "Decryption failed"},
    {7, "哈希值校验未通过，数据不完整", "Hash check failed; the data is incomplete"},
    {8, "解压缩失败", "Unzipping failed"},
    {9, "加密算法类型错误", "Unknown encryption algorithm"},
    {10, "哈希算法类型错误", "Unknown hash algorithm"},
    {11, "压缩格式错误", "Unknown compression format"},
    {12, "认证信息错误，服务器拒绝响应", "Authentication rejected by the server"},
    {13, "不是本省的接入商，服务器拒绝响应", "Not a provider of this province; refused"},
    {14, "本次上报未受理：请先上报缺失序号的数据",
     "Upload not accepted: send the missing sequence numbers first"},
    {15, "本次上报未受理：待处理的数据文件已达上限，请稍后再报",
     "Upload not accepted: too many files are waiting; try later"},
    {16, "认证错误：随机字符串不足 20 个字符",
     "Authentication failed: the random value is shorter than 20 characters"},
    {17, "每次必须且只能上报一个数据文件", "Exactly one data file must be sent per call"},
    {18, "数据文件超过 50MB，请调整后重新上报",
     "The data file is over 50 MB; reduce it and send again"},
    {19, "报备权限未开放，请联系所在省通信管理局",
     "Filing permission is not open; contact the provincial administration"},
    {20, "不在允许的报备时间段内", "Outside the permitted filing hours"},
    {21, "确认下载的文件名不能为空", "The acknowledged file name is empty"},
    {22, "备案密码校验次数超过上限", "Too many filing-password checks"},
    {901, "系统维护中，上报请求未受理，请稍后再报",
     "Under maintenance: upload not accepted; try later"},
    {902, "系统维护中，下载请求未受理，请稍后再下载",
     "Under maintenance: download not served; try later"},
    {999, "其他错误", "Other error"},
    /* ICP data-processing codes (§3-5) */
    {1001, "管局审核通过", "Approved by the administration"},
    {1002, "管局审核未通过", "Rejected by the administration"},
    {1003, "网站主办者冲突", "Conflicts with another subject (owner)"},
    {1004, "域名无效", "Invalid domain"},
    {1005, "域名已在备案库中存在", "The domain is already filed"},
    {1006, "IP 地址无效", "Invalid IP address"},
    {1007, "联系方式无效", "Invalid contact details"},
    {1008, "证件无效", "Invalid certificate"},
    {1009, "电子邮箱无效", "Invalid e-mail address"},
    {1010, "办公电话无效", "Invalid office phone"},
    {1011, "手机号码无效", "Invalid mobile number"},
    {1012, "MSN 无效", "Invalid MSN account"},
    {1013, "QQ 号码无效", "Invalid QQ number"},
    {1014, "主办单位性质无效", "Invalid unit nature"},
    {1015, "身份证号码无效", "Invalid ID card number"},
    {1016, "备案库中没有申请所指的记录", "The record the request refers to does not exist"},
    {1017, "已有变更在审核中，审核结束后才能再次变更",
     "A change is already under review; wait for its result"},
    {1018, "ICP 备案密码错误", "Wrong filing password"},
    {1019, "省、市、县代码错误", "Wrong province, city or county code"},
    {1020, "网站名称冲突", "Site name conflict"},
    {1021, "网站首页地址已在备案库中存在", "The home URL is already filed"},
    {1022, "网站首页地址格式错误", "Malformed home URL"},
    {1023, "申请中的 IP 在备案库中不存在", "The IP in the request is not in the filing records"},
    {1024, "IP 地址冲突", "IP address conflict"},
    {1025, "网站只有一个接入，不能取消该接入", "The site's only access cannot be cancelled"},
    {1026, "注销理由代码错误", "Wrong cancellation reason code"},
    {1027, "该主体的注销申请已提交，无需重复提交",
     "The subject's cancellation was already requested"},
    {1028, "ICP 用户名错误", "Wrong ICP user name"},
    {1029, "同一网站不能有相同的接入", "The site already has this access"},
    {1030, "该网站的注销申请已提交，无需重复提交", "The site's cancellation was already requested"},
    {1031, "网站负责人办公电话不能为空", "The site principal's office phone is required"},
    {1032, "已对该网站提出取消接入，无需重复提交", "Cancelling this access was already requested"},
    {1033, "前置或专项审批类型无效", "Invalid pre-approval type"},
    {1034, "网站服务内容无效", "Invalid site service content"},
    {1035, "网站接入方式无效", "Invalid access method"},
    {1036, "服务器放置地点无效", "Invalid server location"},
    {1037, "该网站已备案，无需重复报备", "The site is already filed"},
    {1038, "该接入已备案，无需重复报备", "The access is already filed"},
    {1039, "备案中的网站域名已报备，无需重复报备", "A domain of the filing is already filed"},
    {1040, "接入信息中的 IP 已报备，无需重复报备", "An IP of the access is already filed"},
    {1041, "网站首页地址必须包含网站的某个域名",
     "The home URL must contain one of the site's domains"},
    {1042, "主体正在注销，不能注销网站",
     "The subject is being cancelled; its sites cannot be cancelled"},
    {1043, "网站正在注销，不能注销主体",
     "A site is being cancelled; the subject cannot be cancelled"},
    {1044, "主体负责人姓名不能为空", "The subject principal's name is required"},
    {1045, "接入商只能向所在省的通信管理局报备",
     "A provider files only with its own province's administration"},
    {1046, "变更不能改变主体所在省，请先注销再重新备案",
     "A change cannot move the subject to another province; cancel and file again"},
    {1047, "只能取消本接入商的接入", "Only your own access can be cancelled"},
    {1048, "只能操作本接入商接入的备案", "Only filings you provide access for can be changed"},
    {1049, "主体已注销，请求被拒绝", "The subject is cancelled; request refused"},
    {1050, "网站已注销，请求被拒绝", "The site is cancelled; request refused"},
    {1051, "对同一主体的变更申请次数超过上限，请稍后再试",
     "Too many change requests for this subject; try later"},
    {1052, "该请求正在原系统中受理，请稍后提交",
     "The request is being handled in the old system; try later"},
    {1053, "请求所涉单位已被删除", "The unit of the request has been deleted"},
    {1054, "报备单位无效", "Invalid reporting unit"},
    {1055, "提交的核验单不属于该备案", "The verification form does not belong to this filing"},
    {1056, "附件格式代码错误", "Wrong attachment format code"},
    {1057, "附件用途代码错误", "Wrong attachment purpose code"},
    {1058, "主体信息不存在", "The subject does not exist"},
    {1059, "网站信息不存在", "The site does not exist"},
    {1060, "核验单已成功入库", "The verification form was stored"},
    {1061, "核验单用途与所属对象不匹配",
     "The verification form's purpose does not match its owner"},
    {1062, "接入 IP 与 IP 备案信息比对一致", "The access IPs match the provider's IP filings"},
    {1063, "接入 IP 与本单位 IP 备案信息不一致",
     "The access IPs do not match the provider's IP filings"},
    {1064, "网站域名在黑名单中", "The site's domain is blacklisted"},
    {1065, "主体在黑名单中", "The subject is blacklisted"},
    {1066, "网站语言类别错误", "Wrong site language code"},
    {1067, "网站备案号或主键对应多个网站", "The site number or key matches several sites"},
    {1068, "网站备案号或主键对应多条记录", "The site number or key matches several records"},
    {1999, "其他错误（ICP 备案）", "Other error (ICP filing)"},
    /* Beian's extension for SMS verification (短信核验), which V3.0 predates
    ** (regulator-interface.md §6.9): results in BAJG like the others. */
    {REG_SMS_SENT, "短信核验码已发送，请负责人在 24 小时内完成核验",
     "The SMS verification code was sent; the principal has 24 hours to answer"},
    {REG_SMS_PASSED, "短信核验通过", "SMS verification passed"},
    {REG_SMS_FAILED, "短信核验未通过（超时或错误 5 次）",
     "SMS verification failed (timed out or 5 wrong answers)"},
    {2998, "IP 备案操作成功", "IP filing done"},
    {2999, "其他错误（IP 备案）", "Other error (IP filing)"},
    {3998, "域名备案操作成功", "Domain filing done"},
    {3999, "其他错误（域名备案）", "Other error (domain filing)"},
    /* General data codes */
    {5001, "数据文件不符合接口 XSD 规范", "The data file does not conform to the interface's XSD"},
    {5002, "缺少必需的属性", "A required attribute is missing"},
    {5003, "XML 中的请求单位 ID 与报备单位不一致",
     "The requesting unit ID in the XML is not the caller's"},
    {5004, "接口版本错误", "Wrong interface version"},
    {5005, "未备案网站处理结果中的网站不属于本单位",
     "The unfiled site in the handling result is not yours"},
    {5006, "该未备案网站的处理结果已上报，无需重复上报",
     "The handling result of this unfiled site was already sent"},
    {5007, "处理结果代码错误", "Wrong handling result code"},
    {5008, "上报信息中含有非法字符", "The data contains illegal characters"},
    {5009, "报备单位无此业务权限", "The reporting unit has no permission for this operation"},
    {5010, "附件格式不符合规范", "The attachment's format is not allowed"},
    {5011, "该功能尚未开放", "This function is not open yet"},
    {5999, "其他错误", "Other error"},
};

/* The row of code, or NULL. */
static const CodeRow *code_find(int code) {
    for (size_t i = 0; i < sizeof code_rows / sizeof code_rows[0]; i++)
        if (code_rows[i].code == code) return &code_rows[i];
    return NULL;
}

const char *regulator_code_text(int code, Lang lang) {
    const CodeRow *r = code_find(code);
    if (!r)
        return lang == LANG_EN ? "Unknown code from the administration" : "管局系统返回了未知代码";
    return lang == LANG_EN ? r->en : r->zh;
}

bool regulator_code_known(int code) {
    return code_find(code) != NULL;
}

bool regulator_code_ok(int code) {
    return (code >= 0 && code <= 3) || code == 1001 || code == 1060 || code == 1062 ||
           code == 2998 || code == 3998 || code == REG_SMS_SENT || code == REG_SMS_PASSED;
}

int regulator_err_code(int err) {
    static const struct {
        int err, code;
    } map[] = {
        {ERR_REG_AUTH_USER, 4},      {ERR_REG_AUTH_PASSWORD, 5},  {ERR_REG_DECRYPT, 6},
        {ERR_REG_HASH, 7},           {ERR_REG_UNZIP, 8},          {ERR_REG_ENCRYPT_TYPE, 9},
        {ERR_REG_HASH_TYPE, 10},     {ERR_REG_COMPRESS_TYPE, 11}, {ERR_REG_RANDVAL, 16},
        {ERR_REG_ZIP_ENTRIES, 17},   {ERR_REG_TOO_LARGE, 18},     {ERR_REG_XSD, 5001},
        {ERR_REG_ATTR, 5002},        {ERR_REG_VERSION, 5004},     {ERR_REG_CHARSET, 5008},
        {ERR_REG_UNSUPPORTED, 5011},
    };
    if (err < 0) err = -err;
    if (err == 0) return 0;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (map[i].err == err) return map[i].code;
    return 999;
}
