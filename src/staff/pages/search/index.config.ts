export default definePageConfig({
  navigationBarTitleText: '客户搜索',
});
