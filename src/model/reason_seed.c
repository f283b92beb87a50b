/*
** The standard return reasons Beian starts with: the common returns of the
** providers (DESIGN.md §9, research/filing-practice.md) and of the paper
** materials (seed §1), each with the field it usually names.
*/
#include "model/reason_seed.h"

static const ReasonSeed seeds[] = {
    {"domain_not_verified", "site_domain", "域名未完成实名认证，或域名持有者与备案主体不一致",
     "The domain is not real-name verified, or its holder is not the filing subject",
     "请在域名注册商处完成域名实名认证，并使域名持有者与主办单位（或个人）名称一致后重新提交。",
     "Complete the real-name verification at your registrar and make the domain's holder the "
     "subject itself, then resubmit."},
    {"site_name_invalid", "site_name", "网站名称不符合要求",
     "The site name does not meet the rules",
     "网站名称须为至少 3 个汉字，不能是域名、纯数字或字母，不能以“中国”“国家”“中华”等字样开头；"
     "个人网站名称不能带有企业、机构或经营性质。",
     "Use at least 3 Chinese characters; not the domain, not only digits or letters, not starting "
     "with 中国, 国家, 中华 and the like; a personal site's name must not sound like a company or "
     "a business."},
    {"content_mismatch", "site_description", "网站内容与主体性质或备案信息不符",
     "The site's content does not match the subject or the information filed",
     "请修改网站内容或备案信息，使二者一致；个人网站不能涉及企业宣传、经营或论坛等交互内容。",
     "Make the site's content and the filed information agree; a personal site must not promote "
     "a company, sell, or run a forum."},
    {"preapproval_missing", "site_preapprovals", "网站涉及前置审批内容，但未提供前置审批文件",
     "The site needs a pre-approval (news, publishing, medicine, education, ...) that is missing",
     "请取得主管部门的前置审批文件，填写审批文号并上传扫描件；或删除网站中需要审批的内容。",
     "Obtain the pre-approval from the authority, enter its number and upload its scan; or remove "
     "that content from the site."},
    {"site_online", "site_domain", "网站在备案完成前已开通访问",
     "The site is online before its filing is complete",
     "备案期间请暂停网站访问，备案通过后再开通。",
     "Take the site offline until the filing is approved."},
    {"principal_unreachable", "principal_mobile", "负责人电话无法接通，或非本人接听",
     "The principal could not be reached by phone, or someone else answered",
     "请填写负责人本人的手机号码并保持畅通，我们将再次致电核实。",
     "Give the principal's own mobile number and keep it reachable; we will call again."},
    {"phone_used_elsewhere", "principal_mobile", "负责人手机号码已被其他主体使用",
     "The principal's mobile number is used by another subject",
     "请使用负责人本人名下、未在其他主体备案中使用的手机号码。",
     "Use a mobile number in the principal's own name that no other subject uses."},
    {"photo_failed", "", "现场核验照片（幕布照）或人脸核验未通过",
     "The on-site photo (in front of the curtain) or the face check failed",
     "请在接入商提供的幕布前重新拍摄负责人本人正面免冠彩色照片：光线充足，不戴帽子和眼镜，幕布完整"
     "可见。",
     "Retake the principal's colour photo in front of the provider's curtain: facing the camera, "
     "no hat or glasses, good light, the whole curtain visible."},
    {"sms_timeout", "principal_mobile", "短信核验超时未完成", "The SMS verification timed out",
     "请在收到工信部短信后 24 小时内按短信提示完成核验。",
     "Answer the MIIT text message within 24 hours, as it instructs."},
    {"wrong_kind", "", "备案类型选择错误", "Wrong filing type",
     "请按实际情况重新选择备案类型：主体已在其他接入商备案时，请选择新增接入或新增网站。",
     "Choose the filing type that fits: when the subject is filed through another provider, file "
     "a new access or a new site."},
    {"domain_conflict", "site_domain", "域名已在其他主体或其他备案中存在",
     "The domain is already filed under another subject or filing",
     "请核对域名是否填写正确；如域名已在其他接入商备案，请先注销该备案或取消接入。",
     "Check the domain; if it is filed through another provider, cancel that filing or its access "
     "first."},
    {"subject_conflict", "subject_cert_number", "主体证件已有备案信息（主体冲突）",
     "The subject's certificate is already filed (subject conflict)",
     "该主体已有主体备案号，请办理新增网站或新增接入，不要重复办理首次备案。",
     "This subject already has a filing number: file a new site or a new access instead of a "
     "first filing."},
    {"verification_form_missing", "", "未提交网站备案信息真实性核验单，或核验单未签字、盖章",
     "The verification form is missing, or not signed or sealed",
     "请打印核验单，由负责人签字（单位加盖公章），将 2 份原件寄送或交至接入商，并上传扫描件。",
     "Print the verification form, have the principal sign it (and seal it, for an "
     "organisation), send us both originals and upload a scan."},
    {"agreement_missing", "", "未提交信息安全协议，或协议未签字、盖章",
     "The security agreement is missing, or not signed or sealed",
     "请打印信息安全协议，签字（单位加盖公章）后将 2 份原件寄送或交至接入商。",
     "Print the security agreement, sign it (and seal it, for an organisation) and send us both "
     "originals."},
    {"authorisation_missing", "site_principal_name", "缺少网站备案授权书",
     "The authorisation letter is missing",
     "网站负责人不是法定代表人（或本省要求）时，请提交法定代表人签字并加盖公章的网站备案授权书。",
     "When the site principal is not the legal representative (or the province requires it), "
     "send the authorisation letter signed by the legal representative and sealed."},
    {"id_copy_unreadable", "principal_id_number", "证件扫描件不清晰或不完整",
     "The scan of the ID is not legible or not complete",
     "请上传证件原件的彩色扫描件或照片：清晰、四角完整，不要截图，除“仅供备案使用”外不加水印。",
     "Upload a colour scan or photo of the original: sharp, all four corners visible, no "
     "screenshot, no watermark but 仅供备案使用."},
    {"id_expired", "principal_id_expiry", "负责人证件已过期或即将过期",
     "The principal's ID has expired or is about to",
     "请使用有效期内的证件办理，并更新证件有效期。", "Use a valid ID and update its expiry date."},
    {"cert_mismatch", "subject_cert_number", "主办单位名称或证件号码与证件不一致",
     "The subject's name or certificate number differs from the certificate",
     "请对照营业执照等证件原件，核对主办单位名称和证件号码。",
     "Check the subject's name and certificate number against the original certificate."},
    {"address_mismatch", "subject_address", "通信地址与证件住所不一致，或不够详细",
     "The address does not match the certificate, or is not detailed enough",
     "请按证件上的住所地址填写，精确到门牌号。",
     "Enter the address as on the certificate, down to the street number."},
    {"access_mismatch", "access_ips", "接入信息（服务器 IP 地址）与实际使用的服务器不符",
     "The access details (server IP addresses) do not match the servers in use",
     "请填写本接入商为该网站分配的服务器公网 IP 地址。",
     "Enter the public IP addresses of the servers we provide for this site."},
    {"licence_missing", "site_licence", "经营性网站未提供增值电信业务经营许可证",
     "A commercial site has no value-added telecom business licence",
     "经营性网站须取得增值电信业务经营许可证（ICP "
     "许可证）并填写许可证号；否则请按非经营性网站备案。",
     "A commercial site needs the ICP licence and its number; otherwise file it as "
     "non-commercial."},
};

const ReasonSeed *reason_seeds(size_t *n) {
    *n = sizeof seeds / sizeof seeds[0];
    return seeds;
}
