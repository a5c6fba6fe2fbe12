export default definePageConfig({
  navigationBarTitleText: '订单导入',
});
