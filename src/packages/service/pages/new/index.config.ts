export default definePageConfig({
  navigationBarTitleText: '提交反馈',
});
