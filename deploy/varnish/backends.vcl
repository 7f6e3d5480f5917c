# The app servers of deploy/docker-compose.yml, for default.vcl (deploy/cluster.py writes its own). Add one
# backend per app server and add it to the director.

probe alive {
    # Liveness: answers without the database, so a slow query never takes a server out. Orchestrators probe
    # /health/ready/ (the database, caches, storage and the task queue) themselves.
    .request =
        "GET /health/ HTTP/1.1"
        "Host: localhost"
        "Connection: close";
    .interval = 1s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
}

backend app1 {
    .host = "app1";
    .port = "8000";
    .probe = alive;
    .connect_timeout = 1s;
    .first_byte_timeout = 60s;
}

backend app2 {
    .host = "app2";
    .port = "8000";
    .probe = alive;
    .connect_timeout = 1s;
    .first_byte_timeout = 60s;
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
    app.add_backend(app2);
}
