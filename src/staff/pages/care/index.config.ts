export default definePageConfig({
  navigationBarTitleText: '今日待办',
  enablePullDownRefresh: true,
});
