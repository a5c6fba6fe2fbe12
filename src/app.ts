import type { PropsWithChildren } from 'react';
import { initCloud } from './services/cloud';
import { whoAmI } from './services/api';
import { startEntryCheck } from './services/entry';
import { onSessionChange } from './services/session';
import { installNotFound } from './lib/routes';
import { installPrivacyPrompt } from './components/PrivacyPopup/prompt';
import './app.css';

// Runs once when the mini-program starts (weapp: wx.cloud.init; h5: nothing to do).
initCloud();
// Unknown paths open the not-found page (H5's router would otherwise keep the previous page).
installNotFound();
// Weapp: WeChat asks before the first privacy API; the PrivacyPopup every PageShell renders answers.
installPrivacyPrompt();
// Staff open on 员工工作台, not on a customer card, and are not enrolled as customers. Started here,
// before any page exists (not in useLaunch: in H5 the first page can mount before onLaunch runs), so
// the first page's customer calls already wait for it.
void startEntryCheck(whoAmI);
// H5 dev switch: the new identity may be staff, so decide again (pages reload after this).
onSessionChange(() => void startEntryCheck(whoAmI));

function App({ children }: PropsWithChildren) {
  // `children` is the page being rendered.
  return children;
}

export default App;
