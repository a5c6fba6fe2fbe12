import type { PropsWithChildren } from 'react';
import { initCloud } from './services/cloud';
import './app.css';

// Runs once when the mini-program starts (weapp: wx.cloud.init; h5: nothing to do).
initCloud();

function App({ children }: PropsWithChildren) {
  // `children` is the page being rendered.
  return children;
}

export default App;
