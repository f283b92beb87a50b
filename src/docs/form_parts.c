/*
** Pieces the three printable forms share. See form_parts.h.
*/
#include "docs/form_parts.h"

#include <string.h>

#include "core/buf.h"
#include "core/util.h"

#define LABEL_W 0.17 /* label column of a label/value row */

static const PdfStyle TITLE = {.size = 18, .bold = true, .align = PDF_CENTER};
static const PdfStyle SECTION = {.size = 11, .bold = true};
static const PdfStyle HEADING = {.size = 10.5, .bold = true};
static const PdfStyle SIGN = {.size = 10.5};

const char *form_str(const char *s) {
    return s ? s : "";
}

const char *form_join(Arena *a, const char *const *items, size_t n, const char *sep,
                      const char *none) {
    Buf b;
    buf_init(&b, a);
    for (size_t i = 0; items && i < n; i++) {
        if (str_empty(items[i])) continue;
        if (b.len) buf_puts(&b, sep);
        buf_puts(&b, items[i]);
    }
    return b.len ? buf_take(&b) : none;
}

/* The detail line without the region names the customer typed again at
** its start (北京市朝阳区建国路… after 北京市 北京市 朝阳区). */
static const char *address_rest(const FormSubject *s) {
    const char *rest = form_str(s->address), *names[] = {s->province, s->city, s->district};
    for (int i = 0; i < 3; i++) {
        rest += strspn(rest, " ");
        if (!str_empty(names[i]) && str_starts(rest, names[i])) rest += strlen(names[i]);
    }
    return rest + strspn(rest, " ");
}

const char *form_address(Arena *a, const FormSubject *s) {
    /* A municipality's city has the province's name (北京市 北京市): once. */
    const char *city = s->city && s->province && !strcmp(s->city, s->province) ? NULL : s->city;
    const char *parts[] = {s->province, city, s->district, address_rest(s)};
    return form_join(a, parts, 4, " ", "");
}

const char *form_site_list(Arena *a, const FormSite *sites, size_t n) {
    Buf b;
    buf_init(&b, a);
    buf_puts(&b, "");
    for (size_t i = 0; i < n; i++) {
        if (i) buf_puts(&b, "、");
        buf_puts(&b, form_str(sites[i].name));
        const char *d = form_join(a, sites[i].domains, sites[i].n_domains, "、", NULL);
        if (d) buf_printf(&b, "（%s）", d);
    }
    return buf_take(&b);
}

void form_title(Pdf *p, const char *title, const char *app_number) {
    PdfText *t = pdf_text(p, title, PDF_CONTENT_W, &TITLE);
    PdfText *n = NULL;
    if (!str_empty(app_number)) {
        PdfStyle st = PDF_BODY;
        st.align = PDF_RIGHT;
        n = pdf_text(p, arena_printf(pdf_arena(p), "申请编号：%s", app_number), PDF_CONTENT_W, &st);
    }
    double h = pdf_text_height(t) + 6 + (n ? pdf_text_height(n) + 4 : 0);
    double y = pdf_reserve(p, h);
    pdf_place(p, t, PDF_MARGIN_X, y);
    if (n) pdf_place(p, n, PDF_MARGIN_X, y + pdf_text_height(t) + 6);
}

void form_section(Pdf *p, const char *title, double keep) {
    pdf_space(p, 8);
    pdf_need(p, 22 + keep);
    pdf_para(p, title, &SECTION);
}

void form_kv1(Pdf *p, const char *label, const char *value) {
    PdfCell c[] = {{label, LABEL_W, &PDF_LABEL}, {value, 1 - LABEL_W, &PDF_BODY}};
    pdf_row(p, c, 2, 0);
}

void form_kv2(Pdf *p, const char *l1, const char *v1, const char *l2, const char *v2) {
    double v = 0.5 - LABEL_W;
    PdfCell c[] = {{l1, LABEL_W, &PDF_LABEL},
                   {v1, v, &PDF_BODY},
                   {l2, LABEL_W, &PDF_LABEL},
                   {v2, v, &PDF_BODY}};
    pdf_row(p, c, 4, 0);
}

void form_sites_table(Pdf *p, const FormSite *sites, size_t n) {
    static const PdfCell head[] = {{"序号", 0.08, &PDF_HEADCELL},
                                   {"网站名称", 0.30, &PDF_HEADCELL},
                                   {"网站域名", 0.31, &PDF_HEADCELL},
                                   {"网站首页", 0.31, &PDF_HEADCELL}};
    PdfStyle num = PDF_BODY;
    num.align = PDF_CENTER;
    pdf_table_begin(p, head, 4);
    for (size_t i = 0; i < n; i++) {
        const FormSite *s = &sites[i];
        PdfCell c[] = {
            {arena_printf(pdf_arena(p), "%zu", i + 1), 0.08, &num},
            {s->name, 0.30, &PDF_BODY},
            {form_join(pdf_arena(p), s->domains, s->n_domains, "\n", ""), 0.31, &PDF_BODY},
            {s->home_url, 0.31, &PDF_BODY},
        };
        pdf_row(p, c, 4, 0);
    }
    pdf_table_end(p);
}

void form_prose(Pdf *p, const char *text) {
    Arena *a = pdf_arena(p);
    for (const char *s = text; *s;) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        char *line = str_trim(arena_strndup(a, s, n));
        s += n + (e != NULL);
        if (!*line) continue;
        if (str_starts(line, "## ")) {
            pdf_space(p, 3);
            pdf_need(p, 50);
            pdf_para(p, str_trim(line + 3), &HEADING);
        } else if (str_starts(line, ">> ")) {
            PdfStyle st = PDF_PROSE;
            st.indent = false;
            pdf_para(p, str_trim(line + 3), &st);
        } else {
            pdf_para(p, line, &PDF_PROSE);
        }
    }
}

FormSign form_sign_subject(SubjectNature nature, const char *heading) {
    if (nature_is_org(nature)) return (FormSign){heading, "负责人签字：", "单位公章：", PDF_MM(38)};
    return (FormSign){heading, "负责人签字：", "手印：", PDF_MM(24)};
}

double form_sign_height(const FormSign *s) {
    return (s->heading ? 22 : 0) + 30 + (s->box ? s->box_size + 10 : 0) + 18;
}

void form_sign_draw(Pdf *p, const FormSign *s, double x, double y, double w) {
    if (s->heading) {
        pdf_place(p, pdf_text(p, s->heading, w, &HEADING), x, y);
        y += 22;
    }
    PdfText *t = pdf_text(p, s->sign, 0, &SIGN);
    pdf_place(p, t, x, y + 8);
    pdf_hline(p, x + pdf_text_width(t) + 2, x + w - 12, y + 8 + pdf_text_height(t), 0.6);
    y += 30;
    if (s->box) {
        t = pdf_text(p, s->box, 0, &SIGN);
        pdf_place(p, t, x, y);
        pdf_box(p, x + pdf_text_width(t) + 4, y, s->box_size, s->box_size, 0.8);
        y += s->box_size + 10;
    }
    pdf_place(p, pdf_text(p, "日期：　　　　年　　月　　日", 0, &SIGN), x, y);
}

void form_sign_row(Pdf *p, const FormSign *cols, int n) {
    double h = 0;
    for (int i = 0; i < n; i++)
        if (form_sign_height(&cols[i]) > h) h = form_sign_height(&cols[i]);
    double y = pdf_reserve(p, h + 8) + 8;
    if (n == 1) {
        form_sign_draw(p, &cols[0], PDF_MARGIN_X + PDF_CONTENT_W * 0.45, y, PDF_CONTENT_W * 0.55);
        return;
    }
    double w = PDF_CONTENT_W / n;
    for (int i = 0; i < n; i++)
        form_sign_draw(p, &cols[i], PDF_MARGIN_X + i * w, y, w - 8);
}
