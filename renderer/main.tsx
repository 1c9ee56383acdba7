import { createRoot } from 'react-dom/client';
import { getApi } from './api/client';

function App() {
  return <div>小牛工作台</div>;
}

void getApi;
createRoot(document.getElementById('root')!).render(<App />);
