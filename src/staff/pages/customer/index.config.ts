export default definePageConfig({
  navigationBarTitleText: '客户关系卡',
});
