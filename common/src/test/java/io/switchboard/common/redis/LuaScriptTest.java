package io.switchboard.common.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LuaScriptTest {

    @Test
    void shouldReadTheScriptFromTheClasspathWithTheSha1RedisUses() {
        LuaScript script = LuaScript.load("lua/double.lua");

        assertThat(script.text()).isEqualTo("return twice(tonumber(ARGV[1]))\n");
        assertThat(script.sha1()).isEqualTo("3575f95f01f07c86cdd47eda0c929f15c7831d75");
        assertThat(script.name()).isEqualTo("lua/double.lua");
    }

    @Test
    void shouldPrependTheLibraryAndHashTheWholeText() {
        LuaScript script = LuaScript.withLibrary("lua/lib/twice.lua", "lua/double.lua");

        assertThat(script.text()).isEqualTo("local function twice(x) return x * 2 end\n\nreturn twice(tonumber(ARGV[1]))\n");
        assertThat(script.sha1()).isEqualTo("a7c956eeb7d289ca1fb4df9ff39edba0b7fc75b7");
    }

    @Test
    void shouldNameTheMissingResource() {
        assertThatThrownBy(() -> LuaScript.load("lua/absent.lua"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Lua script lua/absent.lua is not on the classpath");
    }

    @Test
    void shouldNameTheMissingLibrary() {
        assertThatThrownBy(() -> LuaScript.withLibrary("lua/lib/absent.lua", "lua/double.lua"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Lua script lua/lib/absent.lua is not on the classpath");
    }
}
