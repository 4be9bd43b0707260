import 'katex/dist/katex.min.css';
import './styles.css';
import {StrictMode} from 'react';
import {createRoot} from 'react-dom/client';
import {ApiProvider} from './api/ApiContext';
import {createApiClient} from './api/client';
import {AppShell} from './AppShell';

createRoot(document.getElementById('root')!).render(
	<StrictMode>
		<ApiProvider value={createApiClient()}>
			<AppShell/>
		</ApiProvider>
	</StrictMode>
);
