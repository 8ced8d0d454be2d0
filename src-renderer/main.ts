import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { connect } from './api/connect';
import { warmUpCharts } from './charts/warm-up';
import { whenIdle } from './charts/when-idle';
import { provideApi } from './api/instance';
import { useAppStore } from './stores/app';
import './styles.css';

const connection = connect(window);
provideApi(connection.api);
const pinia = createPinia();
const appStore = useAppStore(pinia);
appStore.transport = connection.transport;
connection.onStatus((connected) => {
  // Reload after a reconnect: the host may have restarted. The first load is the App's own.
  if (connected && !appStore.connected) void appStore.load();
  appStore.connected = connected;
});
createApp(App).use(pinia).mount('#app');
whenIdle(warmUpCharts);
