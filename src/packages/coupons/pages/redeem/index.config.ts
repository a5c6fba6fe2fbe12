export default definePageConfig({
  navigationBarTitleText: '兑换优惠券',
});
