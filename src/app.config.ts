export default defineAppConfig({
  pages: ['pages/card/index', 'pages/points/index'],
  subPackages: [
    // Coupon pages: opened from the points tab, downloaded when first needed (preloaded there).
    { root: 'packages/coupons', pages: ['pages/redeem/index', 'pages/mine/index'] },
    // Staff tools live in their own package so customers never download them.
    { root: 'staff', pages: ['pages/home/index', 'pages/member/index'] },
  ],
  preloadRule: {
    'pages/points/index': { network: 'all', packages: ['packages/coupons'] },
  },
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#2f7d4f',
    navigationBarTitleText: '鲜友会',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f4f6f3',
  },
  tabBar: {
    color: '#7a8577',
    selectedColor: '#2f7d4f',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/card/index', text: '会员卡' },
      { pagePath: 'pages/points/index', text: '积分' },
    ],
  },
});
