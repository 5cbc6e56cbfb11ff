import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

/** Where the embedded sample lives; generated on first use, ignored by git. */
export const SAMPLE_DATABASE_PATH = new URL("../data/sample.db", import.meta.url);

/**
 * Makes sure the sample shop database exists at `path`, generating it if it does not. Safe when
 * two servers start at once: each writes its own temporary file and renames it into place, so a
 * reader never sees half a database.
 */
export function ensureSampleDatabase(path: string): void {
  if (existsSync(path)) return;
  generateSampleDatabase(path);
}

/** Writes the sample shop database to `path` (replacing it), always with the same content. */
export function generateSampleDatabase(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}-${process.pid}-${Date.now()}.tmp`;
  try {
    const db = new Database(temporary);
    try {
      // Nothing to protect in a file nobody can see yet: skip the journal and the fsyncs.
      db.pragma("journal_mode = OFF");
      db.pragma("synchronous = OFF");
      db.exec(SCHEMA);
      db.transaction(() => fill(db, mulberry32(20_240_601)))();
      db.exec("ANALYZE");
    } finally {
      db.close();
    }
    renameSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
  }
}

const SCHEMA = `
CREATE TABLE categories (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT
);
CREATE TABLE products (
  id INTEGER PRIMARY KEY,
  sku TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  category_id INTEGER NOT NULL REFERENCES categories(id),
  price REAL NOT NULL CHECK (price > 0),
  stock INTEGER NOT NULL DEFAULT 0,
  discontinued INTEGER NOT NULL DEFAULT 0 CHECK (discontinued IN (0, 1))
);
CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  email TEXT NOT NULL UNIQUE,
  city TEXT NOT NULL,
  country TEXT NOT NULL,
  signed_up_at TEXT NOT NULL
);
CREATE TABLE orders (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  ordered_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'shipped', 'delivered', 'cancelled', 'returned')),
  shipping_cost REAL NOT NULL DEFAULT 0
);
CREATE TABLE order_items (
  order_id INTEGER NOT NULL REFERENCES orders(id),
  product_id INTEGER NOT NULL REFERENCES products(id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price REAL NOT NULL,
  PRIMARY KEY (order_id, product_id)
) WITHOUT ROWID;
CREATE TABLE reviews (
  id INTEGER PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products(id),
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  title TEXT NOT NULL,
  reviewed_at TEXT NOT NULL
);
CREATE INDEX products_by_category ON products(category_id);
CREATE INDEX orders_by_customer ON orders(customer_id);
CREATE INDEX orders_by_date ON orders(ordered_at);
CREATE INDEX order_items_by_product ON order_items(product_id);
CREATE INDEX reviews_by_product ON reviews(product_id);
CREATE VIEW order_totals AS
  SELECT o.id AS order_id, o.customer_id, o.ordered_at, o.status,
         round(sum(i.quantity * i.unit_price) + o.shipping_cost, 2) AS total
  FROM orders o JOIN order_items i ON i.order_id = o.id
  GROUP BY o.id;
`;

const CATEGORIES: Array<[string, string, string[]]> = [
  [
    "Coffee",
    "Beans and ground coffee from small roasters",
    ["Espresso Blend", "House Roast", "Single Origin", "Decaf", "Cold Brew Pack"],
  ],
  ["Tea", "Loose-leaf and bagged teas", ["Earl Grey", "Sencha", "Rooibos", "Chai", "Oolong"]],
  [
    "Brewing",
    "Kettles, grinders and brewers",
    ["Pour-Over Dripper", "Burr Grinder", "French Press", "Gooseneck Kettle", "Moka Pot"],
  ],
  [
    "Mugs",
    "Cups, mugs and tumblers",
    ["Stoneware Mug", "Travel Tumbler", "Espresso Cup", "Glass Mug", "Enamel Mug"],
  ],
  [
    "Snacks",
    "Things that go with a hot drink",
    ["Almond Biscotti", "Dark Chocolate", "Shortbread", "Granola Bar", "Stroopwafel"],
  ],
  [
    "Gifts",
    "Boxes and cards",
    ["Tasting Box", "Gift Card", "Advent Calendar", "Subscription Box", "Greeting Card"],
  ],
];
const VARIANTS = ["Classic", "Large", "Organic", "Limited", "Mini", "Deluxe"];
const FIRST_NAMES = [
  "Ada",
  "Ben",
  "Chloé",
  "Dmitri",
  "Emma",
  "Farid",
  "Grace",
  "Hiro",
  "Inès",
  "Jonas",
  "Kofi",
  "Lena",
  "Mateo",
  "Nora",
  "Omar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sven",
  "Tara",
  "Umar",
  "Vera",
  "Wei",
  "Ximena",
  "Yusuf",
  "Zoe",
];
const LAST_NAMES = [
  "Andersen",
  "Bianchi",
  "Costa",
  "Dubois",
  "Eriksson",
  "Fischer",
  "García",
  "Haddad",
  "Ivanova",
  "Jensen",
  "Kim",
  "Lopez",
  "Müller",
  "Nakamura",
  "Okafor",
  "Patel",
  "Rossi",
  "Smith",
  "Tanaka",
  "Novak",
];
const CITIES: Array<[string, string]> = [
  ["Berlin", "Germany"],
  ["Munich", "Germany"],
  ["Paris", "France"],
  ["Lyon", "France"],
  ["Madrid", "Spain"],
  ["Lisbon", "Portugal"],
  ["Rome", "Italy"],
  ["Milan", "Italy"],
  ["Amsterdam", "Netherlands"],
  ["Oslo", "Norway"],
  ["Stockholm", "Sweden"],
  ["London", "United Kingdom"],
  ["Dublin", "Ireland"],
  ["Vienna", "Austria"],
  ["Toronto", "Canada"],
  ["New York", "United States"],
  ["Austin", "United States"],
  ["Tokyo", "Japan"],
];
const STATUSES = [
  "delivered",
  "delivered",
  "delivered",
  "delivered",
  "shipped",
  "pending",
  "cancelled",
  "returned",
];
const REVIEW_TITLES = [
  ["Disappointing", "Not for me"],
  ["Could be better", "Meh"],
  ["Decent", "Does the job"],
  ["Really good", "Would buy again"],
  ["Excellent!", "Perfect every morning"],
];

const CUSTOMERS = 1_200;
const ORDERS = 4_000;
const REVIEWS = 1_500;
const START = Date.UTC(2023, 0, 1);
const DAY = 86_400_000;

function fill(db: Database.Database, random: () => number): void {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const date = (fromDay: number, toDay: number) =>
    new Date(START + between(fromDay, toDay) * DAY + between(0, DAY / 1000 - 1) * 1000)
      .toISOString()
      .slice(0, 19)
      .replace("T", " ");

  const insertCategory = db.prepare("INSERT INTO categories (id, name, description) VALUES (?, ?, ?)");
  const insertProduct = db.prepare(
    "INSERT INTO products (sku, name, category_id, price, stock, discontinued) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const prices: number[] = [];
  CATEGORIES.forEach(([name, description, items], index) => {
    const categoryId = index + 1;
    insertCategory.run(categoryId, name, description);
    for (const item of items) {
      for (const variant of VARIANTS) {
        const price = Math.round((3 + random() * random() * 120) * 100) / 100;
        prices.push(price);
        const sku = `${name.slice(0, 3).toUpperCase()}-${String(prices.length).padStart(4, "0")}`;
        insertProduct.run(
          sku,
          `${variant} ${item}`,
          categoryId,
          price,
          between(0, 400),
          random() < 0.05 ? 1 : 0,
        );
      }
    }
  });

  const insertCustomer = db.prepare(
    "INSERT INTO customers (first_name, last_name, email, city, country, signed_up_at) VALUES (?, ?, ?, ?, ?, ?)",
  );
  for (let id = 1; id <= CUSTOMERS; id += 1) {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const [city, country] = pick(CITIES);
    const email = `${first}.${last}.${id}@example.com`
      .normalize("NFD")
      .replace(/[^\x20-\x7e]/g, "")
      .toLowerCase();
    insertCustomer.run(first, last, email, city, country, date(0, 600));
  }

  const insertOrder = db.prepare(
    "INSERT INTO orders (customer_id, ordered_at, status, shipping_cost) VALUES (?, ?, ?, ?)",
  );
  const insertItem = db.prepare(
    "INSERT INTO order_items (order_id, product_id, quantity, unit_price) VALUES (?, ?, ?, ?)",
  );
  for (let orderId = 1; orderId <= ORDERS; orderId += 1) {
    // A few loyal customers place many orders, as in real shops.
    const customerId = random() < 0.3 ? between(1, 60) : between(1, CUSTOMERS);
    const total = between(1, 4);
    insertOrder.run(customerId, date(30, 720), pick(STATUSES), random() < 0.4 ? 0 : pick([4.9, 6.5, 9.9]));
    const chosen = new Set<number>();
    while (chosen.size < total) chosen.add(between(1, prices.length));
    for (const productId of chosen) insertItem.run(orderId, productId, between(1, 3), prices[productId - 1]!);
  }

  const insertReview = db.prepare(
    "INSERT INTO reviews (product_id, customer_id, rating, title, reviewed_at) VALUES (?, ?, ?, ?, ?)",
  );
  for (let id = 1; id <= REVIEWS; id += 1) {
    const rating = Math.min(5, Math.max(1, Math.round(3.8 + (random() - 0.5) * 4)));
    insertReview.run(
      between(1, prices.length),
      between(1, CUSTOMERS),
      rating,
      pick(REVIEW_TITLES[rating - 1]!),
      date(60, 730),
    );
  }
}

/** A small seeded PRNG, so the sample is the same on every machine. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}
