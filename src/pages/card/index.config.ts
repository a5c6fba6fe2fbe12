export default definePageConfig({
  navigationBarTitleText: '会员卡',
  // 转发: the share carries the member's referral token (Referral.tsx).
  enableShareAppMessage: true,
});
