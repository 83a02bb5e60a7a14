// Runs once, as the root user, when MongoDB's data volume is new (the image's /docker-entrypoint-initdb.d).
// The services connect as this user, which may only read and write their own databases (one per service;
// docker-compose.yml names them in each ConnectionStrings__mongodb).
const user = process.env.MONGO_APP_USERNAME;
const pwd = process.env.MONGO_APP_PASSWORD;
if (!user || !pwd) {
  throw new Error("MONGO_APP_USERNAME and MONGO_APP_PASSWORD must be set");
}

db.getSiblingDB("admin").createUser({
  user,
  pwd,
  roles: ["saas_identity", "saas_billing", "saas_admin", "saas_webhooks"].map((name) => ({ role: "readWrite", db: name })),
});
