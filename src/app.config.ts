export default defineAppConfig({
  // not-found stays in the main package: it must show at once for any bad path, even offline.
  pages: ['pages/card/index', 'pages/points/index', 'pages/orders/index', 'pages/not-found/index'],
  subPackages: [
    // Coupon pages: opened from the points tab, downloaded when first needed (preloaded there).
    { root: 'packages/coupons', pages: ['pages/redeem/index', 'pages/mine/index'] },
    // Ordering: catalogue, cart, confirmation, order detail and 再来一单; preloaded by the 订单 tab so
    // a reorder opens without a download.
    {
      root: 'packages/shop',
      pages: ['pages/catalogue/index', 'pages/cart/index', 'pages/confirm/index', 'pages/detail/index', 'pages/reorder/index'],
    },
    // 服务与反馈: complaints, enquiries and suggestions, 我的反馈, one case, the delivery survey.
    { root: 'packages/service', pages: ['pages/new/index', 'pages/mine/index', 'pages/case/index', 'pages/survey/index'] },
    // 消息: every notification, pushed to WeChat or shown in the app only; opened from the card.
    { root: 'packages/notices', pages: ['pages/list/index'] },
    // 隐私政策, 我的数据 (export, 注销), 完善资料 and H5's consent page; opened from the card.
    { root: 'packages/privacy', pages: ['pages/policy/index', 'pages/profile/index', 'pages/consent/index'] },
    // 加入团队: a new staff member redeems a manager's one-time invite code; opened from the card.
    { root: 'packages/join', pages: ['pages/redeem/index'] },
    // Staff tools live in their own package so customers never download them.
    {
      root: 'staff',
      pages: ['pages/home/index', 'pages/member/index', 'pages/orders/index', 'pages/order/index', 'pages/counter/index', 'pages/products/index', 'pages/import/index', 'pages/cases/index', 'pages/case/index', 'pages/search/index', 'pages/customer/index', 'pages/kpi/index', 'pages/care/index', 'pages/team/index', 'pages/approvals/index'],
    },
  ],
  preloadRule: {
    'pages/points/index': { network: 'all', packages: ['packages/coupons'] },
    'pages/orders/index': { network: 'all', packages: ['packages/shop'] },
  },
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#2f7d4f',
    navigationBarTitleText: '鲜友会',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f4f6f3',
  },
  tabBar: {
    color: '#5c665a',
    selectedColor: '#2f7d4f',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      // Icons: 81×81 PNGs drawn by scripts/make-tab-icons.mjs.
      { pagePath: 'pages/card/index', text: '会员卡', iconPath: 'assets/tab/card.png', selectedIconPath: 'assets/tab/card-selected.png' },
      { pagePath: 'pages/points/index', text: '积分', iconPath: 'assets/tab/points.png', selectedIconPath: 'assets/tab/points-selected.png' },
      { pagePath: 'pages/orders/index', text: '订单', iconPath: 'assets/tab/orders.png', selectedIconPath: 'assets/tab/orders-selected.png' },
    ],
  },
});
