export default definePageConfig({
  navigationBarTitleText: '再来一单',
});
