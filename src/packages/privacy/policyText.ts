/**
 * The 隐私政策 as data: one list of sections, rendered by the policy page and summarised by the
 * consent page, so both always say the same. Bump PRIVACY_POLICY_VERSION (contracts/privacy.ts) with
 * any change here: consent is recorded against a version.
 */
export interface PolicySection { title: string; items: string[] }

export const POLICY_SECTIONS: PolicySection[] = [
  {
    title: '我们收集哪些信息',
    items: [
      '微信身份标识（OPENID）：识别您的会员身份，不会展示给任何人。',
      '姓名和手机号：由您在「完善资料」中填写，用于送货联系和客服回访。',
      '订单：商品、数量、金额、配送日期和备注，用于履约、售后和会员等级计算。',
      '积分与优惠券：积分流水、兑换和使用记录。',
      '投诉、咨询、建议及照片：用于处理您的反馈；照片经审核后仅处理人员可见。',
      '员工记录：为您服务的员工记下的联系方式、偏好、重要日期、备注和联系记录。',
    ],
  },
  {
    title: '为什么收集',
    items: ['完成下单、配送和售后；计算积分与会员等级；处理投诉并回访；为您提供个性化的服务提醒。我们不出售您的信息，也不用于与上述目的无关的用途。'],
  },
  {
    title: '保存多久',
    items: ['会员期间持续保存；您注销后，姓名、手机号、员工记录、投诉文字与照片立即删除，订单与积分流水以匿名方式保留，用于商家对账和依法留存的财务记录。'],
  },
  {
    title: '谁能看到',
    items: ['只有本店员工在工作中按岗位查看（每次查看客户资料都有记录）；数据存放在微信云开发，仅云函数可以读写。'],
  },
  {
    title: '您的权利',
    items: ['随时在本页「我的数据」中导出您的全部数据（JSON 文件），或申请注销并删除个人信息。也可以在「完善资料」中修改姓名和手机号。'],
  },
  {
    title: '联系我们',
    items: ['对个人信息处理有任何疑问，请通过「服务与反馈」提交咨询，或致电门店，我们会在 15 个工作日内答复。'],
  },
];
