-- Runs once, when the postgres volume is first created (docker/compose.yaml).
-- The standalone profile gets its own database so it never shares schemas with the
-- distributed stack (gateway + services) running beside it.
CREATE DATABASE gongzhi_standalone OWNER gongzhi;
