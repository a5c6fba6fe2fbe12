export default defineAppConfig({
  // not-found stays in the main package: it must show at once for any bad path, even offline.
  pages: ['pages/card/index', 'pages/points/index', 'pages/not-found/index'],
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
    color: '#5c665a',
    selectedColor: '#2f7d4f',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      // Icons: 81×81 PNGs drawn by scripts/make-tab-icons.mjs (orders.png is ready for the 订单 tab).
      { pagePath: 'pages/card/index', text: '会员卡', iconPath: 'assets/tab/card.png', selectedIconPath: 'assets/tab/card-selected.png' },
      { pagePath: 'pages/points/index', text: '积分', iconPath: 'assets/tab/points.png', selectedIconPath: 'assets/tab/points-selected.png' },
    ],
  },
});
