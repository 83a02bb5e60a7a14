async function login(email, password) {
const response = await fetch('/api/auth/login', {
method: 'POST',
headers: { 'Content-Type': 'application/json' },
body: JSON.stringify({ email, password })
});
const data = await response.json();
if (response.ok) {
localStorage.setItem('accessToken', data.token);
localStorage.setItem('refreshToken', data.refreshToken);
return data.user;
} else {
throw new Error(data.error);
}
}async function getCurrentUser() {
const token = localStorage.getItem('accessToken');
const response = await fetch('/api/auth/me', {
headers: { 'Authorization': `Bearer ${token}` }
});
if (response.ok) {
return await response.json();
} else if (response.status === 401) {
// Try to refresh token
await refreshToken();
return getCurrentUser(); // Retry
} else {
throw new Error('Failed to get user');
}
}async function refreshToken() {
const refreshToken = localStorage.getItem('refreshToken');
const response = await fetch('/api/auth/refresh-token', {
method: 'POST',
headers: { 'Content-Type': 'application/json' },
body: JSON.stringify({ refreshToken })
});
if (response.ok) {
const data = await response.json();
localStorage.setItem('accessToken', data.token);
if (data.refreshToken) {
localStorage.setItem('refreshToken', data.refreshToken);
}
return data.token;
} else {
// Refresh failed, redirect to login
localStorage.removeItem('accessToken');
localStorage.removeItem('refreshToken');
window.location.href = '/login';
throw new Error('Session expired');
}
}