export default definePageConfig({
  navigationBarTitleText: '经营指标',
  enablePullDownRefresh: false,
});
