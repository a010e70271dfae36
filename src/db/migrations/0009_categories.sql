CREATE TABLE "categories" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"labels" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "category_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "categories_key_uq" ON "categories" USING btree ("key");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_category_id_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cases_category_idx" ON "cases" USING btree ("category_id","created_at");--> statement-breakpoint
-- A starter taxonomy every new desk begins with; admins rename, add or retire categories.
INSERT INTO "categories" ("id", "key", "labels", "sort_order") VALUES
 (gen_random_uuid(), 'product', '{"en":"Product defect","de":"Produktmangel","es":"Defecto del producto","fi":"Tuotevika","lv":"Produkta defekts","ro":"Defect de produs","ru":"Дефект товара"}', 10),
 (gen_random_uuid(), 'delivery', '{"en":"Delivery","de":"Lieferung","es":"Entrega","fi":"Toimitus","lv":"Piegāde","ro":"Livrare","ru":"Доставка"}', 20),
 (gen_random_uuid(), 'billing', '{"en":"Billing and payment","de":"Rechnung und Zahlung","es":"Facturación y pago","fi":"Laskutus ja maksu","lv":"Rēķini un maksājumi","ro":"Facturare și plată","ru":"Счета и оплата"}', 30),
 (gen_random_uuid(), 'staff', '{"en":"Staff behaviour","de":"Verhalten des Personals","es":"Trato del personal","fi":"Henkilökunnan käytös","lv":"Personāla uzvedība","ro":"Comportamentul personalului","ru":"Поведение персонала"}', 40),
 (gen_random_uuid(), 'waiting', '{"en":"Waiting time","de":"Wartezeit","es":"Tiempo de espera","fi":"Odotusaika","lv":"Gaidīšanas laiks","ro":"Timp de așteptare","ru":"Время ожидания"}', 50),
 (gen_random_uuid(), 'communication', '{"en":"Communication","de":"Kommunikation","es":"Comunicación","fi":"Viestintä","lv":"Saziņa","ro":"Comunicare","ru":"Коммуникация"}', 60),
 (gen_random_uuid(), 'policy', '{"en":"Policy and terms","de":"Richtlinien und Bedingungen","es":"Políticas y condiciones","fi":"Käytännöt ja ehdot","lv":"Noteikumi un nosacījumi","ro":"Politici și condiții","ru":"Правила и условия"}', 70),
 (gen_random_uuid(), 'other', '{"en":"Other","de":"Sonstiges","es":"Otros","fi":"Muu","lv":"Cits","ro":"Altele","ru":"Другое"}', 80);
