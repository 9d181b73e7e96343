/* reached from lib/ and inc/ as "../config.h", the way UNP's unp.h does */
#define CONFIG_GREETING "config.h found through .."
