import type { PropsWithChildren } from 'react';
import { initCloud } from './services/cloud';
import { installNotFound } from './lib/routes';
import './app.css';

// Runs once when the mini-program starts (weapp: wx.cloud.init; h5: nothing to do).
initCloud();
// Unknown paths open the not-found page (H5's router would otherwise keep the previous page).
installNotFound();

function App({ children }: PropsWithChildren) {
  // `children` is the page being rendered.
  return children;
}

export default App;
