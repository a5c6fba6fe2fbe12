/**
 * The demo's customer relationship cards: every member's search projection (as enrolment writes it),
 * and filled cards for 张姐 (demo-leader) and the 战略 chain (demo-strategic) with key people, tags,
 * a birthday / founding day and two notes each, written by the demo staff.
 */
import { DAY_MS } from '../../cloudfunctions/core/time';
import type { CardSections, CrmCardDoc, CrmNoteDoc } from '../../cloudfunctions/services/crmCards';
import { memberSources, searchDocs } from '../../cloudfunctions/services/crmSearch';
import type { DocData } from '../../cloudfunctions/ports/db';
import type { MemberDoc } from '../../cloudfunctions/services/members';

const CARDS: Record<string, { sections: CardSections; notes: { daysAgo: number; by: string; text: string }[] }> = {
  'demo-leader': {
    sections: {
      contact: { name: '张桂芳', phone: '13916620817', employer: '阳光花园社区团购', position: '团长', address: '普陀区阳光花园 12 号楼门口自提点' },
      organisation: null,
      preferences: { text: '团员多是老人和带娃家庭，叶菜要嫩、份量要足；周二晚上统计订单，周三上午来门店提货。对价格敏感，喜欢先试吃再推荐。', tags: ['每周三上午来', '团长', '价格敏感', '先试吃'] },
      keyDates: [{ label: '生日', monthDay: '03-08' }, { label: '开团纪念日', monthDay: '06-18' }],
    },
    notes: [
      { daysAgo: 75, by: '李小鲜', text: '张姐说隔壁小区新开了一家社区团购，价格低一些，她在观望。' },
      { daysAgo: 20, by: '王经理', text: '电话没接通，微信留言问候，附上本周草莓试吃邀请。' },
    ],
  },
  'demo-strategic': {
    sections: {
      contact: { name: '陈志强', phone: '13701862255', employer: '鲜丰连锁超市', position: '采购总监', address: '静安区江宁路 1018 号 5 楼' },
      organisation: {
        name: '鲜丰连锁超市有限公司',
        keyPeople: [
          { name: '陈志强', role: '采购总监', phone: '13701862255', cares: '到货准时、叶菜损耗率、月结账期' },
          { name: '周丽', role: '财务经理', phone: '021-62881234', cares: '发票按月开具，对账单每月 3 日前发出' },
          { name: '吴师傅', role: '门店收货主管', phone: '13524460931', cares: '早上 6 点前到货，车辆在后门卸货' },
        ],
      },
      preferences: { text: '12 家门店统一配送，周一、周四加单；节日礼盒提前一个月报价。', tags: ['月结', '周一周四加单', '早 6 点前到货', '节日礼盒'] },
      keyDates: [{ label: '公司成立日', monthDay: '09-18' }, { label: '陈总生日', monthDay: '11-02' }],
    },
    notes: [
      { daysAgo: 30, by: '王经理', text: '季度拜访：陈总希望中秋礼盒 9 月 1 日前确定款式和价格。' },
      { daysAgo: 3, by: '李小鲜', text: '今早上海青叶子发黄已登记投诉，答应周五前给处理方案。' },
    ],
  },
};

export interface CrmSeed { crmCards: DocData[]; crmNotes: DocData[]; crmSearch: DocData[] }

export function demoCrm(members: readonly MemberDoc[], now: number): CrmSeed {
  const out: CrmSeed = { crmCards: [], crmNotes: [], crmSearch: [] };
  for (const m of members) {
    const seeded = CARDS[m._id];
    out.crmSearch.push(...(searchDocs(m._id, memberSources(m, seeded?.sections ?? null)) as unknown as DocData[]));
    if (!seeded) continue;
    const card: CrmCardDoc = { _id: m._id, memberNo: m.memberNo, ...seeded.sections, updatedAt: now - 3 * DAY_MS, updatedByName: '王经理' };
    out.crmCards.push(card as unknown as DocData);
    seeded.notes.forEach((n, i) => {
      const note: CrmNoteDoc = { _id: `${m._id}:NSEED${i + 1}`, memberId: m._id, text: n.text, byName: n.by, byRole: n.by === '王经理' ? 'manager' : 'staff', at: now - n.daysAgo * DAY_MS };
      out.crmNotes.push(note as unknown as DocData);
    });
  }
  return out;
}
