namespace GrainPipeline.Stores.Postgres.Migrations;

/// <summary>The schema, step by step. Table and column names are a contract (docs/DESIGN.md).</summary>
public static class Schema
{
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "event index, ad leads, attributions, customers, weekly visitors, product stats", """
            CREATE TABLE events (
                event_id        text        PRIMARY KEY,
                shop            text        NOT NULL,
                client_id       text        NOT NULL,
                name            text        NOT NULL,
                occurred_at     timestamptz NOT NULL,
                kafka_partition integer     NOT NULL,
                kafka_offset    bigint      NOT NULL,
                payload         jsonb       NOT NULL,
                -- Taken when the row is inserted: the verifier checks each user's events are in production order.
                write_seq       bigserial   NOT NULL
            );

            CREATE TABLE ad_leads (
                shop          text        NOT NULL,
                client_id     text        NOT NULL,
                click_key     text        NOT NULL,
                platform      text        NOT NULL,
                click_id_name text,
                click_id      text,
                utm_source    text,
                utm_medium    text,
                utm_campaign  text,
                utm_term      text,
                utm_content   text,
                landing_url   text        NOT NULL,
                clicked_at    timestamptz NOT NULL,
                PRIMARY KEY (shop, client_id, click_key)
            );

            CREATE TABLE attributions (
                shop       text        NOT NULL,
                order_id   text        NOT NULL,
                model      text        NOT NULL,
                client_id  text        NOT NULL,
                revenue    numeric     NOT NULL,
                currency   text        NOT NULL,
                platform   text        NOT NULL,
                campaign   text,
                click_id   text,
                clicked_at timestamptz,
                ordered_at timestamptz NOT NULL,
                PRIMARY KEY (shop, order_id, model)
            );

            CREATE TABLE customers (
                shop       text        NOT NULL,
                client_id  text        NOT NULL,
                first_seen timestamptz NOT NULL,
                last_seen  timestamptz NOT NULL,
                email      text,
                events     bigint      NOT NULL,
                orders     bigint      NOT NULL,
                revenue    numeric     NOT NULL,
                PRIMARY KEY (shop, client_id)
            );

            CREATE TABLE weekly_visitors (
                shop       text NOT NULL,
                week_start date NOT NULL,
                client_id  text NOT NULL,
                PRIMARY KEY (shop, week_start, client_id)
            );

            CREATE TABLE product_stats (
                shop         text    NOT NULL,
                product_id   text    NOT NULL,
                day          date    NOT NULL,
                views        bigint  NOT NULL DEFAULT 0,
                adds_to_cart bigint  NOT NULL DEFAULT 0,
                purchases    bigint  NOT NULL DEFAULT 0,
                revenue      numeric NOT NULL DEFAULT 0,
                PRIMARY KEY (shop, product_id, day)
            );

            -- Buffer batches already added to product_stats (same transaction), so a replayed batch adds nothing.
            CREATE TABLE applied_stat_batches (
                batch_id        text        PRIMARY KEY,
                kafka_partition integer     NOT NULL,
                cells           integer     NOT NULL,
                applied_at      timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX applied_stat_batches_applied_at ON applied_stat_batches (applied_at);
            """),
        new(2, "grain state and reminders", """
            -- Versions come from one sequence, so a state cleared and written again never reuses an ETag.
            CREATE SEQUENCE grain_state_version;

            CREATE TABLE grain_state (
                state_name text        NOT NULL,
                grain_type text        NOT NULL,
                grain_key  text        NOT NULL,
                data       bytea       NOT NULL,
                version    bigint      NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (state_name, grain_type, grain_key)
            );

            -- Ordered by key in byte order (COLLATE "C"), as the runtime pages through it.
            CREATE TABLE reminders (
                reminder_key text COLLATE "C" PRIMARY KEY,
                grain_type   text        NOT NULL,
                grain_key    text        NOT NULL,
                name         text        NOT NULL,
                start_at     timestamptz NOT NULL,
                period       interval    NOT NULL
            );
            """),
        new(3, "product-stats buffer and its pending batches (the buffer without Redis)", """
            -- Counters waiting for the flusher, per Kafka partition.
            CREATE TABLE product_stats_buffer (
                kafka_partition integer NOT NULL,
                shop            text    NOT NULL,
                product_id      text    NOT NULL,
                day             date    NOT NULL,
                views           bigint  NOT NULL,
                adds_to_cart    bigint  NOT NULL,
                purchases       bigint  NOT NULL,
                revenue         numeric NOT NULL,
                PRIMARY KEY (kafka_partition, shop, product_id, day)
            );

            -- The one taken, not yet acknowledged batch of each partition.
            CREATE TABLE product_stats_pending (
                kafka_partition integer NOT NULL,
                batch_id        text    NOT NULL,
                shop            text    NOT NULL,
                product_id      text    NOT NULL,
                day             date    NOT NULL,
                views           bigint  NOT NULL,
                adds_to_cart    bigint  NOT NULL,
                purchases       bigint  NOT NULL,
                revenue         numeric NOT NULL,
                PRIMARY KEY (kafka_partition, shop, product_id, day)
            );
            """),
        new(4, "events whose product stats were added to the buffer (the buffer without Redis)", """
            -- One row per event applied through IncrementOnce: a redelivered event adds nothing twice.
            CREATE TABLE product_stats_applied (
                event_id   text        PRIMARY KEY,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """),
        new(5, "an index to prune product_stats_applied by age", """
            -- The prune deletes by age in chunks; without it every chunk scanned the whole table.
            CREATE INDEX product_stats_applied_applied_at ON product_stats_applied (applied_at);
            """),
    ];
}
